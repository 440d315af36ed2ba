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

    /// Starts `work` on `queue`: a serial queue runs work started on it one after another.
    /// Without one, on a queue of its own: such a queue gets a thread at once even when every
    /// thread of the shared pool is busy or blocked, as a caller's may be.
    public init(on queue: DispatchQueue? = nil, _ work: @escaping @Sendable () -> Value) {
        (queue ?? Concurrently.ownQueue()).async {
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

    /// The result if the work is done, else nil at once.
    public func resultIfDone() -> Value? {
        // DISPATCH_TIME_NOW (0): `.now()` is a deadline, and a semaphore not yet signalled asks
        // the kernel to wait until a deadline already past, a system call on every try.
        guard done.wait(timeout: DispatchTime(uptimeNanoseconds: 0)) == .success else { return nil }
        done.signal()
        return result!
    }
}

/// Work for a sequential consumer, made ahead on another core: first a `head` that the consumer
/// needs whole, then one element after another, each handed over as soon as it is made. The
/// consumer reads the head, then the elements in order, and waits only when it catches up.
public final class Prefetch<Head: Sendable, Element: Sendable>: @unchecked Sendable {
    // @unchecked: the worker writes `storedHead` before signalling `headReady`, and each slot
    // before signalling `elementReady`; the consumer reads each only after the matching wait.
    private var storedHead: Head?
    private let slots: UnsafeMutableBufferPointer<Element?>
    private let headReady = DispatchSemaphore(value: 0)
    private let elementReady = DispatchSemaphore(value: 0)
    private var nextIndex = 0

    /// Starts making the head and the elements on `queue` (see `Pending.init`).
    public init(
        count: Int, on queue: DispatchQueue? = nil, head: @escaping @Sendable () -> Head,
        element: @escaping @Sendable (Head, Int) -> Element
    ) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
        (queue ?? Concurrently.ownQueue()).async {
            let made = head()
            self.storedHead = made
            self.headReady.signal()
            for index in 0..<count {
                self.slots[index] = element(made, index)
                self.elementReady.signal()
            }
        }
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// The head, once made.
    public var head: Head {
        headReady.wait()
        headReady.signal()
        return storedHead!
    }

    /// The next element (the first, then the second...), once made; the consumer's only.
    public func next() -> Element {
        precondition(nextIndex < slots.count, "more elements taken than made")
        elementReady.wait()
        defer { nextIndex += 1 }
        return slots[nextIndex].take()!
    }
}

extension Concurrently {
    /// Drops `value` on another core, so that freeing a large object graph overlaps with what
    /// the caller does next. The caller must hold no other reference to what `value` holds, or
    /// the freeing may happen on its own thread after all.
    public static func release<Value: Sendable>(_ value: consuming Value) {
        let holder = ReleasedValue(value)
        ownQueue().async { holder.drop() }
    }

    /// A serial queue for one piece of work (see `Pending.init`).
    static func ownQueue() -> DispatchQueue {
        DispatchQueue(label: "oasgen.work")
    }
}

/// Carries a value to the thread that drops it; only that thread touches it after the hand-off.
private final class ReleasedValue<Value: Sendable>: @unchecked Sendable {
    private var value: Value?

    init(_ value: consuming Value) { self.value = value }

    func drop() { value = nil }
}
