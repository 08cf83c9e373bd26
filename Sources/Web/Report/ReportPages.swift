import Domain
import Hummingbird
import Mustache
import ProviderAPI
import Sampler

/// The report's templates, parsed once, and the frame every page shares.
struct ReportPages: Sendable {
    let library: MustacheLibrary
    let settings: ReportSettings
    let watches: LiveWatches
    /// Platform labels of the configured watches, once each, in configuration order (the navigation).
    var platforms: [String] { ReportSources.unique(watches.current.map(\.platform)) }

    init(settings: ReportSettings, watches: LiveWatches) {
        // Templates are Swift constants rather than bundle resources: `numwatch` stays one file
        // to copy, with no resource bundle to lose beside it. A template that does not parse is
        // a programming error, caught by the first test that renders a page.
        var library = MustacheLibrary()
        let templates = [
            "layout": LayoutTemplate.text, "chart": ChartTemplate.text, "banner": OverviewTemplate.banner,
            "country": OverviewTemplate.country, "pairRow": OverviewTemplate.pairRow, "offerCells": OverviewTemplate.offerCells, "overview": OverviewTemplate.text,
            "watch": WatchTemplate.text, "alerts": AlertsTemplate.text, "alertTable": AlertsTemplate.table,
            "error": ErrorTemplate.text, "bareError": ErrorTemplate.bare,
        ]
        MustacheContentTypes.register(ScalarHTMLEscaping(), named: ScalarHTMLEscaping.name)
        for (name, text) in templates {
            do { try library.register("{{% CONTENT_TYPE: \(ScalarHTMLEscaping.name)}}" + text, named: name) }
            catch { preconditionFailure("template \(name): \(error)") }
        }
        self.library = library
        self.settings = settings
        self.watches = watches
    }

    /// The shared frame: title, navigation (with the current page marked), time zone and refresh.
    func layout(title: String, current: String, now: Int64) -> LayoutModel {
        let time = ReportTime(zone: settings.timeZone)
        var nav = [LayoutModel.NavItem(label: "Overview", href: "/", current: current == "/")]
        for platform in platforms {
            let href = "/watch/" + ReportFormat.path(platform)
            nav.append(.init(label: platform, href: href, current: current == href))
        }
        nav.append(.init(label: "Alerts", href: "/alerts", current: current == "/alerts"))
        return LayoutModel(title: title, nav: nav, zone: time.label(at: now), generated: "updated \(time.dateTime(now))",
                           refresh: settings.refreshSeconds)
    }

    func render(_ model: Any, template: String, status: HTTPResponse.Status = .ok) -> HTMLPage {
        HTMLPage(status: status, text: library.render(model, withTemplate: template) ?? "")
    }

    /// The page for an error: `message` is shown as text, like everything else.
    func error(_ status: HTTPResponse.Status, message: String?, path: String, now: Int64) -> HTMLPage {
        let text = message ?? (status == .notFound ? "There is no page at \(path)." : status.reasonPhrase)
        var frame = layout(title: status.reasonPhrase, current: "", now: now)
        // A stranger turned away learns nothing of what is watched, and is not asked again by a refresh.
        if status == .unauthorized { (frame.nav, frame.refresh) = ([], nil) }
        let model = ErrorModel(layout: frame, status: "\(status.code)", reason: status.reasonPhrase, message: text)
        return render(model, template: "error", status: status)
    }

    /// The page for a stranger (`http.auth` on, no credentials): the status and the error's own
    /// message alone, outside the frame, so nothing says what is watched, where or by which version.
    func bareError(_ status: HTTPResponse.Status, message: String?) -> HTMLPage {
        let model = ErrorModel(layout: LayoutModel(title: "", nav: [], zone: "", generated: ""), status: "\(status.code)",
                               reason: status.reasonPhrase, message: message ?? status.reasonPhrase)
        return render(model, template: "bareError", status: status)
    }
}

struct LayoutModel: Sendable {
    struct NavItem: Sendable {
        var label: String
        var href: String
        var current: Bool
    }

    var title: String
    var nav: [NavItem]
    var zone: String
    var generated: String
    var refresh: Int?
}

struct ErrorModel: Sendable {
    var layout: LayoutModel
    var status: String
    var reason: String
    var message: String
}

/// A banner above a page's content: `info`, `warn` or `bad`.
struct Banner: Sendable {
    var kind: String
    var title: String
    var text: String
}

/// An HTML answer. No script may run on these pages (there is none): the policy says so, as a
/// second line of defence behind the templates' escaping.
struct HTMLPage: ResponseGenerator {
    var status: HTTPResponse.Status = .ok
    var text: String

    func response(from request: Request, context: some RequestContext) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .cacheControl: "no-store",
                .contentSecurityPolicy:
                    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                .xFrameOptions: "DENY",
                .xContentTypeOptions: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// HTML escaping scalar by scalar. Mustache's own escapes Characters, and a quote followed by a
/// combining mark (`"\u{301}`) is one Character that is not `"`: it went out raw and closed the
/// attribute it stood in (`title="{{message}}"` holds the provider's error message).
struct ScalarHTMLEscaping: MustacheContentType {
    static let name = "NUMWATCH_HTML"

    func escapeText(_ text: String) -> String {
        replacingScalars(in: text) { scalar in
            switch scalar {
            case "<": "&lt;"
            case ">": "&gt;"
            case "&": "&amp;"
            case "\"": "&quot;"
            case "'": "&#39;"
            default: nil
            }
        }
    }
}
