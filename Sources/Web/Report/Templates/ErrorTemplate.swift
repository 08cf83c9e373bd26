/// The page of an `HTTPError` (an unknown watch, a bad parameter, an unknown path).
enum ErrorTemplate {
    static let text = """
        {{<layout}}{{$content}}
        <h1>{{status}} · {{reason}}</h1>
        <section class="card wide">
        <p>{{message}}</p>
        <p><a href="/">Back to the overview</a></p>
        </section>
        {{/content}}{{/layout}}
        """
}
