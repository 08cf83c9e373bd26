/// `/alerts`: what fires now, then the history.
enum AlertsTemplate {
    static let text = """
        {{<layout}}{{$content}}
        <h1>Alerts</h1>
        {{^configured}}<div class="banner info" role="status"><strong>No alerts are configured.</strong>
        Add rules under <span class="code">alerts:</span> in the configuration to have numwatch watch prices, stock and credit for you.</div>{{/configured}}
        {{#error}}<div class="banner bad" role="status"><strong>Alerts unavailable.</strong> {{error}}</div>{{/error}}
        {{#configured}}
        <section class="card wide">
        <h2>Active now</h2>
        {{#hasActive}}{{#active}}{{>alertTable}}{{/active}}{{/hasActive}}
        {{^hasActive}}<p class="ok">Nothing is firing.</p>{{/hasActive}}
        </section>
        <section class="card wide">
        <h2>History, last {{historyDays}} days</h2>
        {{#hasHistory}}{{#history}}{{>alertTable}}{{/history}}{{/hasHistory}}
        {{^hasHistory}}<p class="empty">No alert in this period.</p>{{/hasHistory}}
        </section>
        {{/configured}}
        {{/content}}{{/layout}}
        """

    static let table = """
        <table><thead><tr><th>State</th><th>Alert</th><th>Started</th><th>Fired</th><th>Ended</th><th class="num">Value</th><th class="num">Threshold</th></tr></thead><tbody>
        {{#rows}}<tr><td><span class="pill {{stateClass}}">{{state}}</span></td>
        <td>{{summary}}<div class="small">{{description}}</div><div class="muted small">{{name}} · {{rule}}{{#subject}} · {{subject}}{{/subject}} · {{severity}}{{#resolution}} · {{resolution}}{{/resolution}}</div></td>
        <td>{{started}}</td><td>{{fired}}</td><td>{{ended}}</td><td class="num">{{value}}</td><td class="num">{{threshold}}</td></tr>{{/rows}}
        </tbody></table>
        """
}
