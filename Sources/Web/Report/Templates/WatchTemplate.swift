/// `/watch/{platform}`: the chosen country's charts over the chosen range, then every country.
enum WatchTemplate {
    static let text = """
        {{<layout}}{{$content}}
        <h1>{{platform}}</h1>
        {{#banner}}{{>banner}}{{/banner}}
        <p class="muted">{{summary}}</p>
        <nav class="ranges" aria-label="Range">{{#ranges}}<a href="{{href}}"{{#current}} aria-current="true"{{/current}}>{{label}}</a>{{/ranges}}</nav>
        {{#selected}}
        <section class="card wide">
        <h2>{{>country}}</h2>
        <p class="muted small">{{note}}</p>
        <div class="grid">
        <div>{{#priceChart}}{{>chart}}{{/priceChart}}</div>
        <div>{{#stockChart}}{{>chart}}{{/stockChart}}</div>
        </div>
        </section>
        {{/selected}}
        <section class="card wide">
        <h2>Every country</h2>
        {{#hasRows}}<table><thead><tr>
        {{#columns}}<th{{#several}} rowspan="2"{{/several}}{{#numeric}} class="num"{{/numeric}}><a href="{{href}}"{{#current}} aria-current="true"{{/current}}>{{label}}{{#current}} {{arrow}}{{/current}}</a></th>{{/columns}}
        {{#providerColumns}}<th colspan="2" scope="colgroup" class="group">{{.}}</th>{{/providerColumns}}
        {{^several}}<th class="num">Since</th>{{/several}}</tr>
        {{#several}}<tr>{{#providerColumns}}<th class="num">Price</th><th class="num">Stock</th>{{/providerColumns}}</tr>{{/several}}</thead><tbody>
        {{#rows}}{{>pairRow}}{{/rows}}
        </tbody></table>
        {{#activationNote}}<p class="muted small">{{activationNote}}</p>{{/activationNote}}
        {{#providersNote}}<p class="muted small">{{providersNote}}</p>{{/providersNote}}{{/hasRows}}
        {{^hasRows}}<p class="empty">{{emptyText}}</p>{{/hasRows}}
        </section>
        {{/content}}{{/layout}}
        """
}
