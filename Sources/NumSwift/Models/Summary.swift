import Foundation

// MARK: - summary()

extension Model {
    /// The Keras 3 style summary table: one row per input and layer call with its output shape and
    /// parameter count (shared layers counted once in the totals), then total, trainable and
    /// non-trainable parameter counts with their float32 sizes.
    public func summaryText() -> String {
        let w = (33, 24, 15)
        func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
            let t = s.count > n - 2 ? String(s.prefix(n - 3)) + "…" : s
            let fill = String(repeating: " ", count: Swift.max(n - 2 - t.count, 0))
            return " " + (right ? fill + t : t + fill) + " "
        }
        func rule(_ l: String, _ m: String, _ r: String, _ h: String) -> String {
            l + String(repeating: h, count: w.0) + m + String(repeating: h, count: w.1) + m + String(repeating: h, count: w.2) + r
        }
        var rows: [(String, String, String)] = inputs.map { ("\($0.name) (InputLayer)", $0.shapeDescription, "0") }
        var counted = Set<ObjectIdentifier>()
        for n in nodes {
            let first = counted.insert(ObjectIdentifier(n.layer)).inserted
            let p = first ? n.layer.countParams() : 0
            let shp = n.outputs.map(\.shapeDescription).joined(separator: ", ")
            rows.append(("\(n.layer.name) (\(type(of: n.layer)))", shp, first ? grouped(p) : "0 (shared)"))
        }
        var out = "Model: \"\(name)\"\n"
        out += rule("┏", "┳", "┓", "━") + "\n"
        out += "┃" + pad("Layer (type)", w.0) + "┃" + pad("Output Shape", w.1) + "┃" + pad("Param #", w.2, right: true) + "┃\n"
        out += rule("┡", "╇", "┩", "━") + "\n"
        for (i, r) in rows.enumerated() {
            out += "│" + pad(r.0, w.0) + "│" + pad(r.1, w.1) + "│" + pad(r.2, w.2, right: true) + "│\n"
            out += (i == rows.count - 1 ? rule("└", "┴", "┘", "─") : rule("├", "┼", "┤", "─")) + "\n"
        }
        let total = countParams()
        let trainable = trainableWeights.reduce(0) { $0 + $1.value.count }
        out += " Total params: \(grouped(total)) (\(bytes(total * 4)))\n"
        out += " Trainable params: \(grouped(trainable)) (\(bytes(trainable * 4)))\n"
        out += " Non-trainable params: \(grouped(total - trainable)) (\(bytes((total - trainable) * 4)))\n"
        return out
    }

    /// Prints `summaryText()` to standard output.
    public func summary() { print(summaryText(), terminator: "") }
}

func grouped(_ n: Int) -> String {
    let s = String(n)
    var out = ""
    for (i, c) in s.enumerated() {
        if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return out
}

func bytes(_ n: Int) -> String {
    let units = ["B", "KB", "MB", "GB"]
    var v = Double(n), u = 0
    while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
    return String(format: "%.2f %@", v, units[u])
}
