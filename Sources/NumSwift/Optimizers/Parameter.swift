import Foundation

// MARK: - Parameters seen by the optimiser

/// A trainable variable as the optimiser sees it: the variable, the layer that owns it and its
/// effective learning-rate multiplier (the variable's own times those of the layers above it).
///
/// Gradient transforms select parameters by `name` (`<layer>/<weight>`, e.g. `dense_1/kernel`)
/// or by `layer`; names are stable as long as the layers are given explicit names.
/// References: Su, kexue.fm/archives/6418 §2.2 (branch on `param.name`); bert4keras `lr_multiplier`.
public struct Parameter {
    /// The variable updated by the optimiser.
    public let variable: Variable
    /// The layer whose weight it is (nil for a free variable).
    public let layer: Layer?
    /// Effective learning-rate multiplier; 0 means the optimiser leaves the variable alone.
    public let lrMultiplier: Float

    /// - Parameters: variable; layer: its owner (default: the layer that created it);
    ///   lrMultiplier: default the variable's own `lrMultiplier`.
    public init(_ variable: Variable, layer: Layer? = nil, lrMultiplier: Float? = nil) {
        self.variable = variable
        self.layer = layer ?? variable.layer
        self.lrMultiplier = lrMultiplier ?? variable.lrMultiplier
    }

    /// The variable's name (`<layer>/<weight>`).
    public var name: String { variable.name }
}

/// Which parameters a gradient transform applies to.
public enum ParameterSelection {
    /// Every parameter.
    case all
    /// Parameters of the layers with these names (a wrapper's name covers the wrapped layer's
    /// weights only when they were created under it; use the inner layer's name otherwise).
    case layers([String])
    /// Parameters whose name starts with one of these prefixes (Su's "give layers distinctive
    /// names and branch on `param.name`").
    case namePrefixes([String])
    /// Parameters whose name matches this regular expression (searched, not anchored).
    case nameMatching(String)
    /// Any predicate.
    case predicate((Parameter) -> Bool)

    /// Whether `p` is selected.
    public func contains(_ p: Parameter) -> Bool {
        switch self {
        case .all: return true
        case .layers(let names): return p.layer.map { names.contains($0.name) } ?? false
        case .namePrefixes(let prefixes): return prefixes.contains { p.name.hasPrefix($0) }
        case .nameMatching(let pattern): return p.name.range(of: pattern, options: .regularExpression) != nil
        case .predicate(let f): return f(p)
        }
    }
}

extension Layer {
    /// The trainable parameters of this layer and its sub-layers (`trainableWeights` order), each
    /// with its owner and effective learning-rate multiplier (`inherited · lrMultiplier` of every
    /// layer on the way down, times the variable's own).
    public func trainableParameters(inheritedMultiplier: Float = 1) -> [Parameter] {
        guard trainable else { return [] }
        let m = inheritedMultiplier * lrMultiplier
        var out = ownTrainable.map { Parameter($0, layer: self, lrMultiplier: m * $0.lrMultiplier) }
        for l in sublayers { out += l.trainableParameters(inheritedMultiplier: m) }
        var seen = Set<ObjectIdentifier>()
        return out.filter { seen.insert(ObjectIdentifier($0.variable)).inserted }
    }
}
