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

    /// For a caller without credentials: no layout (navigation, time zone, version), no link; the
    /// browser's own colours, dark where the reader asked for dark.
    static let bare = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"><title>{{status}} {{reason}}</title></head>
        <body><h1>{{status}} · {{reason}}</h1><p>{{message}}</p></body></html>
        """
}
