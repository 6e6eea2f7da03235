// The fuzz targets of module InfoMap, chosen by FUZZ_TARGET (scripts/fuzz.sh sets it).
let fuzzTargets: [String: (UnsafePointer<UInt8>, Int) -> Void] = [
    "linklist": fuzz_linklist,
    "pajek": fuzz_pajek,
    "clusterdata": fuzz_clusterdata,
    "knnvectors": fuzz_knnvectors,
]
