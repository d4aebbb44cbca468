import Foundation

extension ScoreReport {
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// One self-contained HTML file: inline CSS, the tables of every section, a bar chart of
    /// P/R/F1 per label (strict) and a heatmap of the label confusion, both inline SVG. No
    /// script, no external resource.
    func renderHTML() -> String {
        let e = Self.escape
        var h = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title))</title>
            <style>
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Naskh Arabic",sans-serif;margin:24px auto;max-width:1180px;padding:0 16px;color:#1d2430;background:#fff}
            h1{font-size:21px;margin:0 0 10px}h2{font-size:16px;margin:26px 0 4px;border-bottom:1px solid #d8dde6;padding-bottom:3px}
            p.note{color:#4a5568;margin:4px 0 8px;font-size:12.5px;max-width:1000px}
            table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:12.5px;margin:4px 0}
            th,td{padding:3px 8px;border-bottom:1px solid #eef0f4;text-align:right;white-space:nowrap}
            th{background:#f5f7fa;font-weight:600}td:first-child,th:first-child{text-align:left}
            td.text{white-space:normal;text-align:start;unicode-bidi:plaintext;max-width:520px}
            table.meta td{text-align:left}table.meta td:first-child{color:#4a5568}
            .charts{display:flex;flex-wrap:wrap;gap:28px;align-items:flex-start}
            svg text{font:11px system-ui,sans-serif;fill:#1d2430}
            .legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;vertical-align:-1px}
            </style></head><body>
            <h1>Score: \(e(system.name)) against \(e(goldName))</h1>

            """
        h += "<table class=\"meta\">"
        for r in headerRows { h += "<tr><td>\(e(r[0]))</td><td>\(e(r[1]))</td></tr>" }
        h += "</table>\n<div class=\"charts\">\n" + barChart() + "\n" + heatmap() + "\n</div>\n"
        for s in sections where !s.rows.isEmpty {
            h += "<h2 id=\"\(s.id)\">\(e(s.title))</h2>\n<p class=\"note\">\(e(s.note))</p>\n<table><tr>"
            h += s.header.map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
            for r in s.rows {
                h += "<tr>"
                for (i, c) in r.enumerated() {
                    let textual = s.id == "errors" && i == r.count - 1
                    h += textual ? "<td class=\"text\" dir=\"auto\">\(e(c))</td>" : "<td>\(e(c))</td>"
                }
                h += "</tr>\n"
            }
            h += "</table>\n"
        }
        h += "</body></html>\n"
        return h
    }

    /// Grouped bars of strict P, R and F1 per label (with the F1 interval as a whisker).
    func barChart() -> String {
        let layout = evaluator.layout
        let present = labels.labels.indices.filter { hasData(layout.label($0)) }
        let colors = ["#7aa6d8", "#9bd08a", "#2f5597"]
        let rowH = 46
        let left = 110
        let plotW = 300
        let height = 40 + rowH * max(1, present.count) + 24
        var s = "<figure><figcaption><b>P, R, F1 per label (strict)</b><span class=\"legend\">"
        for (i, n) in ["P", "R", "F1"].enumerated() { s += "<span style=\"background:\(colors[i])\"></span>\(n)" }
        s +=
            "</span></figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(left + plotW + 60)\" height=\"\(height)\" role=\"img\" aria-label=\"P, R and F1 per label\">"
        for t in stride(from: 0.0, through: 1.0, by: 0.25) {
            let x = left + Int(t * Double(plotW))
            s += "<line x1=\"\(x)\" y1=\"16\" x2=\"\(x)\" y2=\"\(height - 22)\" stroke=\"#e3e7ee\"/>"
            s += "<text x=\"\(x)\" y=\"\(height - 8)\" text-anchor=\"middle\">\(String(format: "%.2f", t))</text>"
        }
        for (row, l) in present.enumerated() {
            let y0 = 20 + row * rowH
            let key = "span/strict/label:\(labels.labels[l])"
            s += "<text x=\"\(left - 8)\" y=\"\(y0 + 20)\" text-anchor=\"end\">\(Self.escape(labels.labels[l]))</text>"
            for (k, m) in ["p", "r", "f1"].enumerated() {
                let v = values["\(key)/\(m)"] ?? 0
                let y = y0 + k * 13
                s +=
                    "<rect x=\"\(left)\" y=\"\(y)\" width=\"\(String(format: "%.1f", v * Double(plotW)))\" height=\"11\" fill=\"\(colors[k])\"><title>\(Self.escape(labels.labels[l])) \(m.uppercased()) \(Self.f(v))</title></rect>"
                s += "<text x=\"\(left + Int(v * Double(plotW)) + 4)\" y=\"\(y + 9)\">\(String(format: "%.2f", v))</text>"
                if m == "f1", let i = interval("\(key)/f1") {
                    let a = left + Int(i.low * Double(plotW))
                    let b = left + Int(i.high * Double(plotW))
                    s += "<line x1=\"\(a)\" y1=\"\(y + 5)\" x2=\"\(b)\" y2=\"\(y + 5)\" stroke=\"#111\" stroke-width=\"1.2\"/>"
                    s +=
                        "<line x1=\"\(a)\" y1=\"\(y + 1)\" x2=\"\(a)\" y2=\"\(y + 10)\" stroke=\"#111\"/><line x1=\"\(b)\" y1=\"\(y + 1)\" x2=\"\(b)\" y2=\"\(y + 10)\" stroke=\"#111\"/>"
                }
            }
        }
        return s + "</svg></figure>"
    }

    /// The label confusion matrix as a heatmap (cells shaded by their share of the row).
    func heatmap() -> String {
        let cl = confusionLabels
        let width = labels.labels.count + 1
        let cell = 34
        let left = 120
        let top = 110
        func name(_ l: Int) -> String { l < labels.labels.count ? labels.labels[l] : "—" }
        let w = left + cell * cl.count + 10
        let hgt = top + cell * cl.count + 30
        var s = "<figure><figcaption><b>Label confusion</b> (rows gold, columns predicted; — none)</figcaption>\n"
        s +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(hgt)\" role=\"img\" aria-label=\"label confusion heatmap\">"
        for (j, c) in cl.enumerated() {
            let x = left + j * cell + cell / 2
            s += "<text transform=\"translate(\(x),\(top - 6)) rotate(-50)\">\(Self.escape(name(c)))</text>"
        }
        for (i, r) in cl.enumerated() {
            let y = top + i * cell
            s += "<text x=\"\(left - 6)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"end\">\(Self.escape(name(r)))</text>"
            let total = cl.reduce(0) { $0 + evaluator.confusion[r * width + $1] }
            for (j, c) in cl.enumerated() {
                let n = evaluator.confusion[r * width + c]
                let share = total > 0 ? Double(n) / Double(total) : 0
                let diagonal = r == c && r < labels.labels.count
                let (cr, cg, cb) = diagonal ? (47, 85, 151) : (192, 57, 43)
                let fill = n == 0 ? "#f7f8fa" : "rgba(\(cr),\(cg),\(cb),\(String(format: "%.3f", 0.15 + 0.85 * share)))"
                s +=
                    "<rect x=\"\(left + j * cell)\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" fill=\"\(fill)\"><title>gold \(Self.escape(name(r))) → predicted \(Self.escape(name(c))): \(n)</title></rect>"
                if n > 0 {
                    let ink = share > 0.5 ? "#fff" : "#1d2430"
                    s +=
                        "<text x=\"\(left + j * cell + cell / 2 - 1)\" y=\"\(y + cell / 2 + 3)\" text-anchor=\"middle\" style=\"fill:\(ink)\">\(n)</text>"
                }
            }
        }
        return s + "</svg></figure>"
    }
}
