/// The report's one stylesheet, inlined in every page: nothing is fetched from anywhere, so the
/// report works on an air-gapped network. Light and dark follow `prefers-color-scheme`.
enum Stylesheet {
    static let css = """
        :root{--bg:#f6f7f9;--fg:#1b1f24;--muted:#5f6b76;--card:#fff;--line:#e1e5ea;--accent:#1f5fd1;
        --up:#b42318;--down:#067647;--warn:#8a4b00;--warn-bg:#fff4d6;--bad:#a01c12;--bad-bg:#fde8e6;--ok:#067647;
        --band:rgba(31,95,209,.16);--grid:#e8ebef;color-scheme:light dark}
        @media (prefers-color-scheme:dark){:root{--bg:#0f1216;--fg:#e4e7eb;--muted:#9aa5b1;--card:#171c22;--line:#2a3139;
        --accent:#79a8ff;--up:#ff7a6e;--down:#4fd18b;--warn:#ffc44d;--warn-bg:#2b2310;--bad:#ff8a80;--bad-bg:#33191a;
        --ok:#4fd18b;--band:rgba(121,168,255,.2);--grid:#242a31}}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",
        "Noto Sans","Noto Sans Arabic",sans-serif}
        a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
        header{display:flex;flex-wrap:wrap;align-items:baseline;gap:.4rem 1.2rem;padding:.7rem 1.5rem;
        background:var(--card);border-bottom:1px solid var(--line)}
        header .brand{font-weight:700;color:var(--fg);margin-right:.5rem}
        header nav{display:flex;flex-wrap:wrap;gap:.2rem .9rem}
        header nav a[aria-current]{color:var(--fg);font-weight:600;border-bottom:2px solid var(--accent)}
        header .zone{margin-left:auto;color:var(--muted);font-size:.85rem}
        main{max-width:1180px;margin:0 auto;padding:1.2rem 1.5rem 2rem}
        h1{font-size:1.35rem;margin:.2rem 0 1rem}h2{font-size:1rem;margin:0 0 .6rem}h2.spaced{margin-top:1.2rem}
        .grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(330px,1fr));margin-bottom:1rem}
        .grid.wide-cards{grid-template-columns:repeat(auto-fit,minmax(560px,1fr))}
        .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem 1.1rem;min-width:0}
        .wide{margin-bottom:1rem}
        .big{font-size:1.9rem;font-weight:650;margin:0;font-variant-numeric:tabular-nums}
        .big small{font-size:.9rem;font-weight:400;color:var(--muted)}
        .muted{color:var(--muted)}.small{font-size:.85rem}
        .empty{color:var(--muted);font-style:italic;margin:.3rem 0}
        .banner{border-radius:10px;padding:.75rem 1rem;margin-bottom:1rem;border:1px solid}
        .banner.warn{background:var(--warn-bg);color:var(--warn);border-color:var(--warn)}
        .banner.bad{background:var(--bad-bg);color:var(--bad);border-color:var(--bad)}
        .banner.info{background:var(--card);color:var(--muted);border-color:var(--line)}
        .stale{color:var(--warn);font-weight:600}
        table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
        th,td{padding:.32rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:baseline}
        th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);font-weight:600}
        th a{color:inherit}th a[aria-current]{color:var(--fg)}
        td.num,th.num{text-align:right;white-space:nowrap}
        tr:last-child td{border-bottom:0}
        .code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85em}
        bdi{font-family:"Noto Sans Arabic","Noto Naskh Arabic",system-ui,sans-serif;color:var(--muted);margin-left:.4rem}
        .up{color:var(--up)}.down{color:var(--down)}.same{color:var(--muted)}
        .ok{color:var(--ok)}.bad{color:var(--bad)}
        .pill{display:inline-block;padding:0 .45rem;border-radius:999px;font-size:.8rem;border:1px solid currentColor}
        .ranges{display:flex;gap:.4rem;margin:0 0 .8rem}
        .ranges a{padding:.15rem .6rem;border:1px solid var(--line);border-radius:999px;background:var(--card)}
        .ranges a[aria-current]{background:var(--accent);color:var(--bg);border-color:var(--accent)}
        figure{margin:0}figcaption{font-size:.85rem;color:var(--muted);margin-bottom:.2rem}
        svg.chart{width:100%;height:auto;display:block}
        svg .grid{stroke:var(--grid);stroke-width:1}
        svg .tick{fill:var(--muted);font-size:12px}
        svg .band{fill:var(--band)}
        svg .line{fill:none;stroke:var(--accent);stroke-width:1.75;stroke-linejoin:round;stroke-linecap:round}
        svg .line.s1{stroke:#c2410c;stroke-dasharray:6 3}svg .line.s2{stroke:#15803d;stroke-dasharray:2 2}
        svg .line.s3{stroke:#7e22ce;stroke-dasharray:8 2 2 2}
        .legend{list-style:none;display:flex;flex-wrap:wrap;gap:.2rem 1rem;margin:.2rem 0 0;padding:0;font-size:.85rem}
        .legend svg.key{width:24px;height:8px;margin-right:.3rem;vertical-align:middle}
        td.cheapest{font-weight:600}.mark{color:var(--ok)}
        th.group{text-align:center;border-left:1px solid var(--line)}td.provider{white-space:nowrap}
        tr.selected td{background:var(--band)}
        footer{max-width:1180px;margin:0 auto;padding:0 1.5rem 2rem;color:var(--muted);font-size:.8rem}
        """
}
