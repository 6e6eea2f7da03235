// libFuzzer target: safetensors headers and data (the size check used while reading, and decode).
func fuzz_safetensors(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let bytes = fuzzBytes(data, size)
    _ = try? Safetensors.expectedSize(bytes, source: "fuzz.safetensors")
    if let (tensors, _) = try? Safetensors.decodeWithMetadata(bytes, source: "fuzz.safetensors") {
        for (_, t) in tensors { precondition(t.scalars.count == t.shape.reduce(1, *)) }
    }
}
