/// A list of CPU numbers as `wsbench`'s `--cpus`, `--server-cpus` and `--load-cpus` take it:
/// numbers separated by commas, `0` or `0,1` (spaces around a number are ignored). Thread or loop
/// *i* is pinned to `list[i % list.count]`; the empty text is the empty list, no pinning.
///
/// ```swift
/// try CPUList.parse("0, 1")   // [0, 1]
/// try CPUList.parse("0-3")    // throws: "0-3" is not a CPU number …
/// ```
public enum CPUList {
    /// The CPU numbers in `text`, in order.
    public static func parse(_ text: String) throws(CPUListError) -> [Int] {
        guard !text.allSatisfy({ $0 == " " }) else { return [] }
        var cpus: [Int] = []
        for field in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = field.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed()
            guard let cpu = Int(String(trimmed)), cpu >= 0 else {
                throw CPUListError(text: text, field: String(field))
            }
            cpus.append(cpu)
        }
        return cpus
    }
}
