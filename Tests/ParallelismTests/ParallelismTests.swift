import Dispatch
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@testable import Parallelism

@Suite("Parallelism", .serialized)
struct ParallelismTests {
    @Test func mapKeepsTheElementsOrder() {
        let squares = Concurrently.map(Array(0..<100)) { $0 * $0 }
        #expect(squares == (0..<100).map { $0 * $0 })
    }

    @Test func pendingWorkGivesItsResultToEveryWait() {
        let pending = Pending { (1...1000).reduce(0, +) }
        #expect(pending.wait() == 500_500)
        #expect(pending.wait() == 500_500)
        #expect(pending.resultIfDone() == 500_500)
    }

    /// Work on a serial queue runs in the order it was started, and asking for a result that
    /// is not made yet does not wait for it.
    @Test func pendingWorkOnASerialQueueRunsInOrder() {
        let queue = DispatchQueue(label: "test")
        let gate = DispatchSemaphore(value: 0)
        let first = Pending(on: queue) { () -> Int in
            gate.wait()
            return 1
        }
        let second = Pending(on: queue) { 2 }
        #expect(first.resultIfDone() == nil)
        #expect(second.resultIfDone() == nil)
        gate.signal()
        #expect(second.wait() == 2)
        #expect(first.resultIfDone() == 1)
    }

    /// A value given up to `release` is freed on another thread.
    @Test func releasedValuesAreFreedOnAnotherThread() {
        let freed = DispatchSemaphore(value: 0)
        let thread = UnsafeMutablePointer<pthread_t?>.allocate(capacity: 1)
        thread.initialize(to: nil)
        defer { thread.deallocate() }
        let value = FreedOnThread(freed: freed, thread: thread)
        Concurrently.release(consume value)
        freed.wait()
        #expect(thread.pointee.map { pthread_equal($0, pthread_self()) == 0 } == true)
    }

    /// The consumer gets the head, then every element in order, however far ahead or behind
    /// the worker is: here the worker is slowed down for the first elements.
    @Test func prefetchHandsOverTheHeadThenTheElementsInOrder() {
        let prefetch = Prefetch(count: 50) {
            (0..<50).map { "item \($0)" }
        } element: { names, index in
            if index < 5 { pauseBriefly() }
            return names[index] + " made"
        }
        #expect(prefetch.head.count == 50)
        var made: [String] = []
        for _ in 0..<50 { made.append(prefetch.next()) }
        #expect(made == (0..<50).map { "item \($0) made" })
        #expect(prefetch.head.first == "item 0")
    }

    /// A consumer that catches up with the worker makes the next elements itself rather than
    /// wait: here the worker's first element cannot finish until the consumer has made another.
    @Test func prefetchConsumerMakesElementsWhileTheWorkerIsBusy() {
        let consumer = pthread_self()
        let consumerMadeOne = DispatchSemaphore(value: 0)
        let worker = WorkerState()
        let prefetch = Prefetch(count: 20) {
            (0..<20).map { "item \($0)" }
        } element: { names, index in
            if pthread_equal(pthread_self(), consumer) != 0 {
                consumerMadeOne.signal()
            } else if !worker.madeOne {
                worker.madeOne = true
                worker.gaveUp = consumerMadeOne.wait(timeout: .now() + 5) == .timedOut
            }
            return names[index] + " made"
        }
        var made: [String] = []
        for _ in 0..<20 { made.append(prefetch.next()) }
        #expect(made == (0..<20).map { "item \($0) made" })
        // Read once every element is handed over, so after the worker wrote it.
        #expect(worker.gaveUp == false)
    }

    /// A head the worker has not started (its queue is busy with earlier work) is made by the
    /// consumer when it asks for it.
    @Test func prefetchConsumerMakesTheHeadWhenTheWorkerHasNotStarted() {
        let queue = DispatchQueue(label: "busy")
        let release = DispatchSemaphore(value: 0)
        queue.async { _ = release.wait(timeout: .now() + 5) }
        let consumer = pthread_self()
        let madeByConsumer = WorkerState()
        let prefetch = Prefetch(count: 3, on: queue) {
            madeByConsumer.madeOne = pthread_equal(pthread_self(), consumer) != 0
            return [1, 2, 3]
        } element: { numbers, index in
            numbers[index] * 10
        }
        #expect(prefetch.head == [1, 2, 3])
        #expect(madeByConsumer.madeOne)
        #expect([prefetch.next(), prefetch.next(), prefetch.next()] == [10, 20, 30])
        release.signal()
    }

    /// With `consumersMakeWork` off (where threads share malloc arenas), the consumer leaves
    /// everything to the worker, and waits for it.
    @Test func prefetchConsumerWaitsWhenConsumersMakeNoWork() {
        Concurrently.consumersMakeWork = false
        defer { Concurrently.consumersMakeWork = true }
        let queue = DispatchQueue(label: "busy")
        queue.async { usleep(20_000) }
        let consumer = pthread_self()
        let madeByConsumer = WorkerState()
        let prefetch = Prefetch(count: 3, on: queue) {
            if pthread_equal(pthread_self(), consumer) != 0 { madeByConsumer.madeOne = true }
            return [1, 2, 3]
        } element: { numbers, index in
            if pthread_equal(pthread_self(), consumer) != 0 { madeByConsumer.gaveUp = true }
            return numbers[index] * 10
        }
        #expect(prefetch.head == [1, 2, 3])
        #expect([prefetch.next(), prefetch.next(), prefetch.next()] == [10, 20, 30])
        #expect(!madeByConsumer.madeOne && !madeByConsumer.gaveUp)
    }
}

/// Says on which thread it was freed.
private final class FreedOnThread: @unchecked Sendable {
    let freed: DispatchSemaphore
    let thread: UnsafeMutablePointer<pthread_t?>

    init(freed: DispatchSemaphore, thread: UnsafeMutablePointer<pthread_t?>) {
        self.freed = freed
        self.thread = thread
    }

    deinit {
        thread.pointee = pthread_self()
        freed.signal()
    }
}

/// A short wait on the worker's thread, so that the consumer catches up with it.
private func pauseBriefly() {
    let semaphore = DispatchSemaphore(value: 0)
    _ = semaphore.wait(timeout: .now() + .milliseconds(2))
}

/// What a prefetch's closures record on the thread that runs them, read by the test once that
/// thread is done with it (`gaveUp` doubles as "an element was made here" where no one waits).
private final class WorkerState: @unchecked Sendable {
    var madeOne = false
    var gaveUp = false
}
