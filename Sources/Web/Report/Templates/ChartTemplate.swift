/// A `ChartModel` as inline SVG. Styled by the page's stylesheet (so it follows light and dark).
/// The path alone is not escaped: it is made of numbers and the letters M, H and V by `SVGChart`,
/// holds no text from anywhere else, and is the largest string of a year's chart.
enum ChartTemplate {
    static let text = """
        <figure>
        <figcaption>{{title}}</figcaption>
        {{#hasData}}<svg class="chart" viewBox="0 0 {{width}} {{height}}" role="img" aria-label="{{description}}">
        <title>{{description}}</title>
        {{#grid}}<line class="grid" x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}"/>{{/grid}}
        {{#yTicks}}<text class="tick" x="{{x}}" y="{{y}}" text-anchor="end">{{label}}</text>{{/yTicks}}
        {{#xTicks}}<text class="tick" x="{{x}}" y="{{y}}" text-anchor="middle">{{label}}</text>{{/xTicks}}
        {{#bands}}<rect class="band" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"/>{{/bands}}
        {{#lines}}<path class="line {{style}}" d="{{{path}}}"/>{{/lines}}
        </svg>
        {{#hasLegend}}<ul class="legend">{{#lines}}<li><svg class="key" viewBox="0 0 24 8" aria-hidden="true"><path class="line {{style}}" d="M0 4H24"/></svg>{{name}}</li>{{/lines}}</ul>{{/hasLegend}}{{/hasData}}
        {{^hasData}}<p class="empty">No data in this range yet.</p>{{/hasData}}
        </figure>
        """
}
