/// xoshiro256** state seeded by splitmix64 from (seed, stream).
struct RNG {
    var s: (UInt64, UInt64, UInt64, UInt64)
    init(seed: UInt64, stream: UInt64 = 0) {
        var x = seed &+ 0x9E37_79B9_7F4A_7C15 &* (stream &+ 1)
        func next() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (next(), next(), next(), next())
    }
}
