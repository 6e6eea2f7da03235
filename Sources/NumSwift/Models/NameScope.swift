// MARK: - Names unique within a model

extension Model {
    /// Gives the auto-named layers and inputs of this model names unique within it, counted per
    /// base name in graph order (`dense`, `dense_1`, …), and fixes them: a layer keeps the name
    /// of the first model that contains it (so a sub-model or an outer model sees the same names).
    /// Names given explicitly, and names already fixed by another model (nested models' layers,
    /// layers shared with an earlier model), are kept and reserved.
    ///
    /// Building the same model twice in one process therefore gives the same layer and weight
    /// names, unlike a process-wide counter.
    func assignScopedNames() {
        var scope: [Layer] = []
        var seen = Set<ObjectIdentifier>()
        func collect(_ l: Layer) {
            guard seen.insert(ObjectIdentifier(l)).inserted else { return }
            scope.append(l)
            for s in l.sublayers { collect(s) }
        }
        for l in layers { collect(l) }
        var taken = Set(scope.filter { !$0.autoNamed }.map(\.name))
        taken.formUnion(inputs.filter { !$0.autoNamed && $0.node == nil }.map(\.inputName))
        var next: [String: Int] = [:]
        func fresh(_ base: String) -> String {
            var n = next[base, default: 0]
            var candidate = n == 0 ? base : "\(base)_\(n)"
            while taken.contains(candidate) {
                n += 1
                candidate = "\(base)_\(n)"
            }
            next[base] = n + 1
            taken.insert(candidate)
            return candidate
        }
        for t in inputs where t.autoNamed && t.node == nil {
            t.inputName = fresh("input_layer")
            t.autoNamed = false
        }
        for l in scope where l.autoNamed {
            l.name = fresh(l.baseName)
            l.autoNamed = false
        }
    }
}
