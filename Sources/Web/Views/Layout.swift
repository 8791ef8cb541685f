/// The page frame: one stylesheet and one script, both served by this binary (no CDN, works air-gapped).
enum Layout {
    static func page(title: String, breadcrumbs: [(String, String?)] = [], banner: HTML? = nil, body: HTML) -> HTML {
        let crumbs = breadcrumbs.map { label, link -> HTML in
            if let link { return "<a href=\"\(link)\">\(label)</a><span class=\"sep\">/</span>" }
            return "<span class=\"here\">\(label)</span>"
        }
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Podwatch</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="/assets/app.css">
            <script src="/assets/app.js" defer></script>
            </head>
            <body>
            <header><a class="brand" href="/">PODWATCH</a><nav>\(crumbs)</nav><form class="search top-link" method="get" action="/pods"><input type="search" name="q" placeholder="search pods  ( / )" aria-label="search pods" data-search></form><a href="/nodes">nodes</a><a href="/namespaces">namespaces</a><a href="/pods">pods</a><a href="/recordings">recordings</a><a href="/alerts">alerts</a></header>
            \(banner ?? "")
            <main>\(body)</main>
            <footer>Live regions refresh every 2 s · times in UTC</footer>
            </body>
            </html>
            """
    }

    /// A region the script re-fetches from `source` every 2 s; without JavaScript it is simply the page.
    static func live(_ source: String, _ content: HTML) -> HTML {
        "<div class=\"live\" data-live=\"\(source)\">\(content)</div>"
    }
}
