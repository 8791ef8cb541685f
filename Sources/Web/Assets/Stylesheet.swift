/// The whole UI's CSS, served at /assets/app.css. GitHub-style dark theme, numbers in monospace.
enum Stylesheet {
    static let css = """
        :root{--bg:#0d1117;--card:#161b22;--line:#30363d;--inner:#21262d;--text:#e6edf3;--muted:#8b949e;--accent:#58a6ff;--ok:#3fb950;--bad:#f85149;--warn:#d29922;--flash:#f7930e}
        *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--text);font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif}
        header{display:flex;gap:1.5rem;align-items:center;padding:.8rem 1.5rem;border-bottom:1px solid var(--line)}
        .brand{font-weight:700;letter-spacing:3px;color:var(--text);text-decoration:none}nav a{color:var(--accent)}nav .sep{color:var(--muted);margin:0 .4rem}
        main{max-width:1600px;margin:0 auto;padding:1rem 1.5rem}footer{color:var(--muted);font-size:12px;text-align:center;padding:1rem}
        a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}h1{font-size:1.6rem;margin:.3rem 0 1rem}h1 small,h2 small{color:var(--muted);font-weight:400}
        h2{font-size:1.05rem;margin:.2rem 0 .6rem}h3{font-size:.8rem;text-transform:uppercase;letter-spacing:1px;color:var(--muted);margin:0}
        .banner{background:#3d2e00;border-bottom:1px solid var(--warn);padding:.5rem 1.5rem;color:#f0d68a}
        .cards{display:grid;grid-template-columns:repeat(3,1fr);gap:1rem}@media(max-width:1400px){.cards{grid-template-columns:repeat(2,1fr)}}@media(max-width:900px){.cards{grid-template-columns:1fr}.grid2{grid-template-columns:1fr!important}}
        .card,section{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:1rem;margin-bottom:1rem}
        .card.is-stale{opacity:.6;border-color:var(--warn)}.grid2{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
        .metric{background:var(--bg);border:1px solid var(--inner);border-radius:6px;padding:.7rem}
        .big{font:600 1.5rem "SF Mono",ui-monospace,Menlo,Consolas,monospace;color:var(--accent)}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:.4rem 0}dt{color:var(--muted)}dd{margin:0;font-family:"SF Mono",ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
        .badge{font-size:12px;padding:.1rem .5rem;border-radius:1rem;font-weight:500}.badge.ok{color:var(--ok);background:rgba(46,160,67,.15)}.badge.stale{color:var(--warn);background:rgba(210,153,34,.15)}.badge.bad{color:#fff;background:var(--bad)}tr.wrong td{color:var(--bad)}.notice{color:var(--warn)}.downloads{margin-left:1rem}.flame{overflow-x:auto}
        table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--inner)}th{color:var(--muted);font-weight:500;cursor:default}
        table.sortable th{cursor:pointer}th.asc::after{content:" ▲"}th.desc::after{content:" ▼"}
        .num{font-family:"SF Mono",ui-monospace,Menlo,Consolas,monospace;text-align:right}td.cmd{max-width:40rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-family:ui-monospace,monospace}
        .bar{display:inline-block;width:6rem;height:.6rem;background:var(--inner);border-radius:3px;vertical-align:middle}.bar span{display:block;height:100%;background:var(--accent);border-radius:3px}
        svg.spark{width:100%;height:28px;display:block;margin-top:.4rem;cursor:crosshair}.axis{display:flex;justify-content:space-between;font-size:.7rem;color:var(--muted)}.spark-tip{position:absolute;z-index:10;pointer-events:none;background:#222;color:#fff;font-size:.75rem;padding:.15rem .4rem;border-radius:3px;white-space:nowrap}svg.spark polyline{fill:none;stroke:var(--accent);stroke-width:1.2;vector-effect:non-scaling-stroke}
        input.filter{background:var(--bg);color:var(--text);border:1px solid var(--line);border-radius:6px;padding:.35rem .6rem;margin:0 0 .6rem;width:20rem}
        .empty{color:var(--muted)}.live.offline{outline:1px dashed var(--bad)}
        .changed{animation:flash 1.5s ease-out}@keyframes flash{0%{color:var(--flash);text-shadow:0 0 8px var(--flash)}100%{}}
        code{font-family:ui-monospace,Menlo,Consolas,monospace;color:var(--muted)}
        .top-link{margin-left:auto}.banner.error{background:#3d0d0d;border-color:var(--bad);color:#ffb3ad}.bad{color:var(--bad)}.note{color:var(--muted)}
        .badge.alert-critical,.badge.alert-warning,.badge.alert-info,.badge.pending{text-decoration:none}.badge.alert-critical{color:#fff;background:var(--bad)}
        .badge.alert-warning{color:#1c1300;background:var(--warn)}.badge.alert-info{color:var(--accent);background:rgba(88,166,255,.15)}.badge.pending{color:var(--warn);border:1px solid var(--warn)}
        form.inline{display:inline}.window input{background:var(--bg);color:var(--text);border:1px solid var(--line);border-radius:6px;padding:.2rem .4rem;width:15rem}.window{margin-bottom:.6rem}button{background:var(--inner);color:var(--text);border:1px solid var(--line);border-radius:6px;padding:.25rem .7rem;cursor:pointer}
        button:hover{border-color:var(--accent)}button.danger:hover{border-color:var(--bad);color:var(--bad)}
        .rule-form{display:grid;gap:.6rem;max-width:60rem;margin-top:.8rem}.rule-form label{display:flex;flex-direction:column;gap:.2rem;color:var(--muted)}
        .rule-form fieldset{border:1px solid var(--line);border-radius:6px;display:flex;flex-wrap:wrap;gap:.6rem 1.2rem}.rule-form fieldset label:has(input[type=radio]),.rule-form fieldset label:has(input[type=checkbox]),.rule-form>label:has(input[type=checkbox]){flex-direction:row;align-items:center}
        .rule-form .row{display:flex;gap:1rem;flex-wrap:wrap}.rule-form input,.rule-form select{background:var(--bg);color:var(--text);border:1px solid var(--line);border-radius:6px;padding:.3rem .5rem}
        .overview-summary p{margin:.2rem 0}.overview-summary .attention a{margin-right:.6rem;color:var(--bad)}.pager a{margin:0 .6rem}
        .filter input{background:var(--bg);color:var(--text);border:1px solid var(--line);border-radius:6px;padding:.3rem .5rem;width:18rem}
        .heat{margin-bottom:.6rem}.heat-row{display:flex;align-items:center;gap:.5rem;margin:.15rem 0}.heat-label{width:4rem;color:var(--muted);font-size:12px}.strip{display:flex;flex-wrap:wrap;gap:1px;flex:1}
        .strip a{width:9px;height:14px;display:block}.h0{background:#0e4429}.h1{background:#006d32}.h2{background:#26a641}.h3{background:#39d353}.h4{background:#9be9a8}.h5{background:#e3b341}.h6{background:#d29922}.h7{background:#db6d28}.h8{background:#f85149}.h9{background:#ff2a1f}.hs{background:var(--inner)}
        table.rows tr.selected td{background:rgba(88,166,255,.12)}table.dense td{padding:.15rem .4rem}table.dense td.chart{width:8rem}table.dense svg.spark{height:16px;margin:0}table.dense .axis{display:none}
        a.label{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;background:var(--inner);border-radius:3px;padding:0 .3rem;margin-right:.2rem;white-space:nowrap}kbd{border:1px solid var(--line);border-radius:3px;padding:0 .3rem;font-size:12px}.search-form label{color:var(--muted);margin-left:.5rem}.search-form select,.search-form input{background:var(--bg);color:var(--text);border:1px solid var(--line);border-radius:6px;padding:.3rem .5rem}
        header form.search input{background:var(--bg);color:var(--text);border:1px solid var(--line);border-radius:6px;padding:.25rem .5rem;width:16rem}
        .form-errors{border:1px solid var(--bad);border-radius:6px;padding:.5rem 1rem;color:#ffb3ad}details summary{cursor:pointer;color:var(--accent)}
        """
}
