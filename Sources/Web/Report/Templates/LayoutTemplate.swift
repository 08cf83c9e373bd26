/// The frame of every page: head, navigation, the time-zone line. Pages fill `content`.
enum LayoutTemplate {
    static let text = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        {{#layout.refresh}}<meta http-equiv="refresh" content="{{layout.refresh}}">{{/layout.refresh}}
        <title>{{layout.title}} · numwatch</title>
        <link rel="icon" href="data:,">
        <style>\(Stylesheet.css)</style>
        </head>
        <body>
        <header>
        <a class="brand" href="/">numwatch</a>
        <nav>{{#layout.nav}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/layout.nav}}</nav>
        <span class="zone">Times in {{layout.zone}} · {{layout.generated}}</span>
        </header>
        <main>
        {{$content}}{{/content}}
        </main>
        <footer>numwatch {{layout.version}}{{#layout.refresh}} · this page refreshes every {{layout.refresh}} s{{/layout.refresh}}</footer>
        </body>
        </html>
        """
}
