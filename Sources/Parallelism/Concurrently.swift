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
    /// Dropped once run, before the result is signalled: whoever waits then holds the only
    /// references to what the work captured (the graph changes its declarations in place once
    /// the work that read them is done; a reference left in the work copied all of them).
    private var work: (@Sendable () -> Value)?

    /// Starts `work` on `queue`: a serial queue runs work started on it one after another.
    /// Without one, on a queue of its own: such a queue gets a thread at once even when every
    /// thread of the shared pool is busy or blocked, as a caller's may be.
    public init(on queue: DispatchQueue? = nil, _ work: @escaping @Sendable () -> Value) {
        self.work = work
        (queue ?? Concurrently.ownQueue()).async {
            self.result = self.work!()
            self.work = nil
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
/// consumer reads the head, then the elements in order. What it needs and nobody has started
/// (the head, when the other core is still busy with earlier work, or the next elements once it
/// has caught up) it makes itself instead of waiting, unless `Concurrently.consumersMakeWork`
/// is off: then it waits for work in progress only.
public final class Prefetch<Head: Sendable, Element: Sendable>: @unchecked Sendable {
    // @unchecked: `storedHead` is written by whichever thread claimed it (under `lock`) before
    // it signals `headReady`, and read after waiting for that. Each slot is written by whichever
    // thread claimed its index, before that thread marks it made; both the claims and the marks
    // are read and written under `lock`.
    private var storedHead: Head?
    private let slots: UnsafeMutableBufferPointer<Element?>
    private let made: UnsafeMutableBufferPointer<Bool>
    private let headReady = DispatchSemaphore(value: 0)
    /// Signalled by the worker after each element it makes.
    private let elementMade = DispatchSemaphore(value: 0)
    /// A semaphore as a lock: uncontended, it costs an atomic operation, and it needs no
    /// Foundation and no OS release newer than the package's.
    private let lock = DispatchSemaphore(value: 1)
    private var headClaimed = false
    /// The first index nobody has claimed.
    private var unclaimed = 0
    private var nextIndex = 0
    private let makeHead: @Sendable () -> Head
    private let makeElement: @Sendable (Head, Int) -> Element
    private let consumerMakesWork = Concurrently.consumersMakeWork

    /// Starts making the head and the elements on `queue` (see `Pending.init`).
    public init(
        count: Int, on queue: DispatchQueue? = nil, head: @escaping @Sendable () -> Head,
        element: @escaping @Sendable (Head, Int) -> Element
    ) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
        made = .allocate(capacity: count)
        made.initialize(repeating: false)
        makeHead = head
        makeElement = element
        (queue ?? Concurrently.ownQueue()).async {
            let head = self.obtainHead(mayMake: true)
            while let index = self.claim() {
                self.make(index, head)
                self.elementMade.signal()
            }
        }
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
        made.deallocate()
    }

    /// The head: made here when nobody has started it (and consumers make work), else once made.
    public var head: Head { obtainHead(mayMake: consumerMakesWork) }

    /// The next element (the first, then the second...); the consumer's only.
    public func next() -> Element {
        precondition(nextIndex < slots.count, "more elements taken than made")
        let wanted = nextIndex
        while !isMade(wanted) {
            if consumerMakesWork, let index = claim() {
                make(index, head)
            } else {
                elementMade.wait()
            }
        }
        nextIndex += 1
        return slots[wanted].take()!
    }

    private func obtainHead(mayMake: Bool) -> Head {
        if mayMake {
            lock.wait()
            let claimed = !headClaimed
            headClaimed = true
            lock.signal()
            if claimed {
                storedHead = makeHead()
                headReady.signal()
            }
        }
        headReady.wait()
        headReady.signal()
        return storedHead!
    }

    private func claim() -> Int? {
        lock.wait()
        defer { lock.signal() }
        guard unclaimed < slots.count else { return nil }
        unclaimed += 1
        return unclaimed - 1
    }

    private func make(_ index: Int, _ head: Head) {
        slots[index] = makeElement(head, index)
        lock.wait()
        made[index] = true
        lock.signal()
    }

    private func isMade(_ index: Int) -> Bool {
        lock.wait()
        defer { lock.signal() }
        return made[index]
    }
}

extension Concurrently {
    /// Whether a prefetch's consumer makes the work nobody has started rather than wait for
    /// its worker (see `Prefetch`). A process-wide policy, like the allocator's, and set with it
    /// before any work starts: where threads share malloc arenas, work made on the consumer's
    /// thread mixes its blocks with the consumer's own and raises the peak, so it is left to
    /// the worker (see `Allocator.tune`).
    nonisolated(unsafe) public static var consumersMakeWork = true

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
