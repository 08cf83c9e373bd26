import Alerting
import Hummingbird
import HummingbirdTesting
import Store
import Testing

/// Escaping, headers, error pages: what keeps the report safe and plain.
@Suite struct ReportSafetyTests {
    @Test func providerStringsAreShownAsTextNeverAsMarkup() async throws {
        let store = try await ReportFixture.seededStore()
        let alerts = AlertsDouble(active: [AlertView(
            alertname: "NumwatchPriceHigh", rule: "<b>rule</b>", platform: "telegram", country: "chad", state: .firing,
            startsAt: ReportFixture.now - 60, summary: "<img src=x onerror=alert(2)>", description: "d")])
        let router = ReportFixture.router(store, alerts: alerts)
        let answers = try await ReportFixture.pages(router, ["/", "/watch/telegram?sort=price&dir=desc", "/alerts", "/watch/%3Cscript%3Ealert(3)"])
        for (status, html) in answers {
            #expect(!html.contains("<script"), "status \(status)")
            #expect(!html.contains("<img"))
            #expect(!html.contains("<b>rule"))
        }
        #expect(answers[1].html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(visibleText(answers[1].html).contains("chad <script>alert(1)</script> 20,000"))
        #expect(answers[2].html.contains("&lt;img src=x onerror=alert(2)&gt;"))
        #expect(answers[3].status == .notFound)
        #expect(answers[3].html.contains("No watch named “&lt;script&gt;alert(3)” is configured."))
    }

    @Test func persianNamesAreIsolatedRightToLeftBesideTheCode() async throws {
        let html = try await ReportFixture.page(ReportFixture.router(try await ReportFixture.seededStore()), "/watch/telegram").html
        #expect(html.contains(#"<span class="code">romania</span><bdi dir="rtl" lang="fa">رومانی</bdi>"#))
    }

    @Test func pagesAreSelfContainedAndForbidScripts() async throws {
        let store = try await ReportFixture.seededStore()
        try await Application(router: ReportFixture.router(store)).test(.router) { client in
            for path in ["/", "/watch/telegram", "/alerts"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                    let html = String(buffer: response.body)
                    // Nothing fetched from elsewhere: no external script, stylesheet, font or image.
                    #expect(!html.contains("<script"))
                    #expect(!html.contains("<link rel=\"stylesheet\""))
                    #expect(!html.contains("http://") && !html.contains("https://"))
                    #expect(html.contains("prefers-color-scheme:dark"))
                }
            }
        }
    }

    @Test func anUnknownPathIsAnHTMLPageForBrowsersAndJSONForScripts() async throws {
        let store = try await ReportFixture.seededStore()
        try await Application(router: ReportFixture.router(store)).test(.router) { client in
            try await client.execute(uri: "/nope", method: .get, headers: [.accept: "text/html"]) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(visibleText(String(buffer: response.body)).contains("404 · Not Found There is no page at /nope."))
            }
            try await client.execute(uri: "/nope", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] != "text/html; charset=utf-8")
            }
            try await client.execute(uri: "/watch/viber", method: .get) { response in
                // The report's own routes answer HTML whatever the client accepts.
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            }
        }
    }
}
