import Dispatch
import Foundation

/// Runs independent pieces of work on every core and keeps their results in order, so output
/// stays deterministic while emission uses the whole machine.
public enum Concurrently {
    /// `transform` applied to each element, in parallel; results in the elements' order. The
    /// first error, by position, is thrown.
    public static func map<Element: Sendable, Result: Sendable, Failure: Error>(
        _ elements: [Element], _ transform: @Sendable (Element) throws(Failure) -> Result
    ) throws(Failure) -> [Result] {
        if elements.count <= 1 { return try elements.map(transform) }
        let results = ResultSlots<Result, Failure>(count: elements.count)
        DispatchQueue.concurrentPerform(iterations: elements.count) { index in
            do throws(Failure) {
                results[index] = .success(try transform(elements[index]))
            } catch {
                results[index] = .failure(error)
            }
        }
        return try results.values.map { slot throws(Failure) in try slot!.get() }
    }
}

/// One slot per task; each task writes only its own, and the caller reads after all finish.
private final class ResultSlots<Value: Sendable, Failure: Error>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Swift.Result<Value, Failure>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Swift.Result<Value, Failure>? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    var values: [Swift.Result<Value, Failure>?] { lock.withLock { slots } }
}
