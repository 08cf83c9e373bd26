/// `/`: credit (per provider), alerts and sampling health on top, then the cheapest countries of each watch,
/// then the recent sell-outs and restocks.
enum OverviewTemplate {
    static let text = """
        {{<layout}}{{$content}}
        <h1>Overview</h1>
        {{#banner}}{{>banner}}{{/banner}}
        <div class="grid">
        <section class="card">
        <h2>Credit</h2>
        {{#credits}}
        <p class="big">{{#provider}}<span class="provider">{{provider}}</span> {{/provider}}{{value}} <small>Toman</small>{{#native}} <small class="muted">({{native}})</small>{{/native}}</p>
        <p class="muted small">as of {{asOf}}{{#stale}} · <span class="stale">stale</span>{{/stale}}</p>
        <p>Runway: <strong>{{runway}}</strong> <span class="muted small">{{runwayNote}}</span></p>
        {{/credits}}
        {{^credits}}<p class="empty">No data yet: no credit sample has arrived.</p>{{/credits}}
        {{#numbers}}<p>Numbers: <strong{{#risky}} class="bad"{{/risky}}>{{summary}}</strong> <span class="muted small">· {{detail}}</span></p>{{/numbers}}
        {{#creditChart}}{{>chart}}{{/creditChart}}
        </section>
        <section class="card">
        <h2><a href="/alerts">Alerts firing</a></h2>
        {{#alerts}}
        {{^configured}}<p class="empty">No alerts are configured.</p>{{/configured}}
        {{#error}}<p class="bad">Alerts unavailable: {{error}}</p>{{/error}}
        {{#configured}}
        {{#hasFiring}}<table><tbody>
        {{#firing}}<tr><td><span class="pill {{stateClass}}">{{state}}</span></td><td>{{summary}}<div class="muted small">{{name}} · since {{started}}</div></td></tr>{{/firing}}
        </tbody></table>{{/hasFiring}}
        {{^hasFiring}}<p class="ok">None firing.</p>{{/hasFiring}}
        {{#pendingNote}}<p class="muted small">{{pendingNote}}</p>{{/pendingNote}}
        {{/configured}}
        {{/alerts}}
        <h2 class="spaced">Sampling</h2>
        <table><thead><tr>{{#several}}<th>Provider</th>{{/several}}<th>Target</th><th>Last sample</th><th>Outcome</th><th class="num">Errors, 1 h</th></tr></thead><tbody>
        {{#health}}<tr>{{#provider}}<td class="provider">{{provider}}</td>{{/provider}}<td>{{#href}}<a href="{{href}}">{{label}}</a>{{/href}}{{^href}}{{label}}{{/href}}</td>
        <td>{{last}}{{#stale}} <span class="stale">stale</span>{{/stale}}</td>
        <td class="{{outcomeClass}}" title="{{message}}">{{outcome}}</td><td class="num">{{errors}}</td></tr>{{/health}}
        </tbody></table>
        <p class="muted small">Provider errors in the last hour: {{errorsLastHour}}</p>
        </section>
        </div>
        <div class="grid{{#several}} wide-cards{{/several}}">
        {{#watches}}
        <section class="card">
        <h2><a href="{{href}}">{{platform}}</a></h2>
        <p class="muted small">{{summary}}</p>
        {{#hasRows}}<table><thead><tr><th>Cheapest in stock</th>{{#several}}<th>Provider</th>{{/several}}<th class="num">Price</th>{{#several}}<th class="num">Beats the next by</th>{{/several}}<th class="num">vs 1 day</th><th class="num">Stock</th></tr></thead><tbody>
        {{#rows}}{{>pairRow}}{{/rows}}
        </tbody></table>{{/hasRows}}
        {{^hasRows}}<p class="empty">{{emptyText}}</p>{{/hasRows}}
        </section>
        {{/watches}}
        </div>
        <section class="card wide">
        <h2>Sold out and restocked, last 24 hours</h2>
        {{#hasEvents}}<table><thead><tr><th>Time</th>{{#several}}<th>Provider</th>{{/several}}<th>Watch</th><th>Country</th><th>Event</th><th class="num">Stock</th><th class="num">Price</th></tr></thead><tbody>
        {{#events}}<tr><td>{{time}}</td>{{#provider}}<td class="provider">{{provider}}</td>{{/provider}}<td><a href="{{href}}">{{platform}}</a></td><td>{{>country}}</td>
        <td class="{{kindClass}}">{{kind}}</td><td class="num">{{stock}}</td><td class="num">{{price}}</td></tr>{{/events}}
        </tbody></table>{{/hasEvents}}
        {{^hasEvents}}<p class="empty">{{eventsEmptyText}}</p>{{/hasEvents}}
        </section>
        {{/content}}{{/layout}}
        """

    /// Partials shared by the pages.
    static let banner = """
        <div class="banner {{kind}}" role="status"><strong>{{title}}</strong> {{text}}</div>
        """
    /// The code, then the provider's (Persian) name isolated as right-to-left text, so neither
    /// reorders the other or the cells around them.
    static let country = """
        <span class="code">{{code}}</span><bdi dir="rtl" lang="fa">{{name}}</bdi>
        """
    /// With several providers: the cheapest provider and its margin on the overview, a price and
    /// stock cell per provider on the watch page (★ marks the cheapest in stock).
    static let pairRow = """
        <tr{{#selected}} class="selected"{{/selected}}><td>{{#href}}<a href="{{href}}">{{>country}}</a>{{/href}}{{^href}}{{>country}}{{/href}}</td>
        {{#provider}}<td class="provider">{{provider}}</td>{{/provider}}<td class="num">{{price}}</td>{{#margin}}<td class="num" title="{{marginTitle}}">{{margin}}</td>{{/margin}}<td class="num {{changeClass}}" title="{{changeTitle}}">{{change}}</td>
        <td class="num{{#soldOut}} bad{{/soldOut}}">{{stock}}</td>{{#activated}}<td class="num" title="{{activatedTitle}}">{{activated}}</td>{{/activated}}{{#offers}}{{>offerCells}}{{/offers}}{{#since}}<td class="num muted">{{since}}</td>{{/since}}</tr>
        """
    static let offerCells = """
        {{#listed}}<td class="num{{#cheapest}} cheapest{{/cheapest}}"{{#asRead}} title="{{asRead}}"{{/asRead}}>{{#cheapest}}<span class="mark">★</span> {{/cheapest}}{{price}}</td><td class="num{{#soldOut}} bad{{/soldOut}}">{{stock}}</td>{{/listed}}{{^listed}}<td class="num muted">—</td><td class="num muted">—</td>{{/listed}}
        """
}
