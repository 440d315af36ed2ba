import Dispatch

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

/// One slot per task. Each task writes only its own slot, and the caller reads them only after
/// `concurrentPerform` has returned (which orders every write before the reads), so distinct
/// slots need no lock.
private final class ResultSlots<Value: Sendable, Failure: Error>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Swift.Result<Value, Failure>?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    subscript(index: Int) -> Swift.Result<Value, Failure>? {
        get { slots[index] }
        set { slots[index] = newValue }
    }

    var values: [Swift.Result<Value, Failure>?] { Array(slots) }
}

/// Work started on another core, whose result is waited for when it is needed: for work that
/// does not depend on what the caller does meanwhile.
public final class Pending<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `result` is written once, before `done` is signalled, and read only after
    // waiting for that signal.
    private var result: Value?
    private let done = DispatchSemaphore(value: 0)

    public init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async {
            self.result = work()
            self.done.signal()
        }
    }

    /// The result, once the work is done.
    public func wait() -> Value {
        done.wait()
        // Let later calls through too.
        done.signal()
        return result!
    }
}
