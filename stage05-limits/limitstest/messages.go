package limitstest

// The sentences of the stage 05 reports, kept here so that the checks read
// as logic. Most are format strings, filled in where they are used.

const noteAcceptScript = "Accept fails %d times with EMFILE, ENFILE, ENOBUFS or ENOMEM (wrapped in *net.OpError, as the net " +
	"package does), then accepts alice, then fails %d more times, then accepts bob. The pauses asked for " +
	"through Server.Sleep so far: %v."

const msgQuitOnTemporary = "Serve returned %s after a temporary Accept error. Running out of file descriptors is a reason to " +
	"wait a little and try again, not to stop serving."

const msgNoPause = "Serve got past %d temporary Accept errors but never paused through s.sleep, which calls " +
	"Server.Sleep: the check sets that field to record the delays. Either it does not pause at all, and " +
	"a loop like that spins at 100%% CPU for as long as the errors last, or it pauses some other way, " +
	"such as time.Sleep, which the check cannot see and a cancelled context cannot cut short. Pause with " +
	"s.sleep(ctx, delay)."

const msgWrongPauses = "Serve paused %v between retries; it should have paused %v: 5 ms after the first error, twice as " +
	"long after each next one, never more than 1 s, and 5 ms again after a successful Accept."

const msgPermanentWrapped = "Accept failed with %q, which is not temporary, and Serve returned %s. It should return that error, " +
	"wrapped with %%w if you like: errors.Is must find it."

const msgPermanentRetried = "Accept failed with %q, and Serve paused to try again. That error is not temporary: the listener is " +
	"broken, and retrying will not fix it. Return it."

const msgPermanentIgnored = "Accept failed with %q, which is not temporary, and Serve was still running %v later. It should " +
	"return the error."

const msgClosedIsError = "Serve returned %s after its listener was closed. That is the normal way to stop a server, so return " +
	"nil: test for it with errors.Is(err, net.ErrClosed)."

const msgClosedRunning = "Serve was still running %v after its listener was closed. When Accept fails with net.ErrClosed, the " +
	"loop should end, and the shutdown should wake alice's handler."

const msgAdmitWrong = "%s sent %q and should have had it back (a free slot) or been told %q (none free), but got %q."

const msgShutdownRunning = "every client had its goodbye and was hung up on, yet Serve was still running %v later. Once every " +
	"handler has returned, the shutdown is over: return."

const msgCanceledIsError = "Serve returned %s after its context was cancelled. Cancelling is how a server is told to stop, and " +
	"every connection finished well within the drain timeout: that is a clean stop, so return nil, not " +
	"ctx.Err()."

const msgShutdownError = "Serve returned %s, but every connection finished well within the drain timeout, so it should return " +
	"nil."

const noteIdle = "the server runs with -max-conns 1 -idle %v: a client that sends nothing for that long gets %q and " +
	"is hung up on, and its slot comes back."

const whyIdleSlot = "alice's slot never came back after the idle timeout closed her connection: release the slot on " +
	"every way out of the handler, with defer."

const noteReject = "the server runs with -max-conns %d -policy reject. alice, bob and carol hold every slot, so dave " +
	"should be told %q and disconnected at once, without sending anything."

const noteFreesSlot = "the server runs with -max-conns %d -policy reject. alice, bob and carol fill every slot, then alice " +
	"%s. Her slot must come back, so that erin fits, and only hers, so that frank does not."

const whySlotLost = "alice's slot never came back after she %s: release the slot on every way out of the handler, with " +
	"defer."

const noteCycles = "the server runs with -max-conns %d -policy reject -max-line %d. Clients connect one after another, " +
	"each is served and leaves, in turn: %s."

const whyCyclesLost = "Only one client at a time was connected, so slots are being lost; the last client before this one " +
	"%s."

const noteGivenTwice = "erin, frank and grace now hold the %d slots, so heidi must be turned away: if she is served, some " +
	"slot was given back twice."

const noteLineCases = "this check comes from stage 02. The line echo is in stage05-limits/lines.go, already written for " +
	"you: if it fails, compare that file with stage 02, and check that serveConn calls the handler once " +
	"and closes the connection after it."

const notePanic = "carol's handler panics when she sends %q. Only her connection should close; alice and bob should " +
	"not notice."

const msgPanicReturned = "Serve returned after a handler panicked. A panic in one connection's goroutine must be recovered in " +
	"that goroutine."

const whyPanicSlot = "carol's slot never came back after her handler panicked: the slot must be released by a deferred " +
	"call, which runs during a panic too."

const msgPanicNotLogged = "the server survived the panic but did not log it with its stack. Log the recovered value and " +
	"debug.Stack() (from runtime/debug) through the server's logger, inside the deferred function that " +
	"recovers: there the stack still shows where the panic happened (it should mention %s)."

const noteWait = "the server runs with -max-conns %d -policy wait. While alice, bob and carol hold every slot, dave's " +
	"line must wait (in the kernel's backlog, unaccepted); once alice leaves, it must be answered."

const msgAcceptedEarly = "with all %d slots taken, Serve called Accept a %dth time. Under the wait policy, take a slot first " +
	"and call Accept only once you hold one: a connection accepted early holds a file descriptor while " +
	"it waits, and the wait is no longer the kernel's."

const noteWaitStop = "the server runs with -max-conns 1 -policy wait -drain %v. alice holds the only slot, so bob must " +
	"wait, unaccepted, and Serve with him, until the case cancels Serve's context. alice's handler " +
	"ignores the shutdown (as a handler in the middle of a long reply would), so her slot does not come " +
	"back on its own; the drain timeout cuts her off, once the accept loop has returned."

const msgWaitCanceled = "Serve returned %s after its context was cancelled. Being stopped is not a failure: when " +
	"the wait for a slot gives up because ctx is done, return nil."

const msgWaitStuck = "Serve was still running %v after its context was cancelled, while it waited for a slot (-max-conns " +
	"1, alice holds it). The drain, and its %v timeout, start only once the accept loop returns, so a " +
	"wait that does not watch ctx keeps the server up for as long as alice's handler runs. The wait " +
	"must end when ctx is done: with a channel of slots, a select that also watches ctx.Done(); with a " +
	"counter under a lock and a sync.Cond, something that wakes the waiter when ctx ends " +
	"(context.AfterFunc, say) and a wait loop that checks ctx.Err()."

// lifecycleNote is added to the reports of the checks that run stage 04's
// lifecycle again. That code comes written, so a failure there means a
// change made for one of this stage's TODOs broke it.
const lifecycleNote = "this part checks stage 04's lifecycle, which came written in stage05-limits: Serve " +
	"(stop accepting, then drain), the wake-up in serveConn, and the line echo in lines.go (goodbye, idle " +
	"timeout, the write deadline). If it fails, compare what you changed with the TODOs' instructions."

// injectedPanic's text. %s: the starter file; %s: what TODO(3) asks.
const msgInjectedPanic = "limitstest: the check's handler panics on purpose. If this crashed the test binary, " +
	"the server does not recover a panicking handler yet; it must, and close only that connection.\n\n" +
	"Next step: open TODO(3) in %s: %s"

// noteHeldBack is in the report of every check before the panicking ones.
const noteHeldBack = "free-on-panic, panic-contained and goroutines make a handler panic, so they are held " +
	"back (skipped, not passed) until every check before them passes: a server that does not recover yet " +
	"would crash the whole test binary, losing every other report. To run one now: " +
	"go test ./stage05-limits/... -run 'Limits/free-on-panic'"

// stalled-reader. %v: the idle timeout.
const noteStalled = "the server runs with -max-conns 1 -idle %v. alice sent lines as fast as she could and " +
	"never read a reply, until her handler was stuck writing one (the buffers between her and the server " +
	"full); then she fell silent, still connected. The line echo in lines.go sets a write deadline of -idle " +
	"before each reply, so that write fails, the handler returns, and her slot comes back."

const whyStalledSlot = "alice's slot never came back after she stopped reading. Either her handler is still " +
	"blocked in Write (lines.go came with a write deadline before each reply: has it changed?), or it returned " +
	"and the slot was not released on that way out: release it with defer, whichever way the handler ends."

// out-of-files. %d: the descriptors the server may hold; %d: the flood's size.
const noteOutOfFiles = "the server may hold about %d file descriptors, and %d connections arrive at once: " +
	"once it is out, Accept fails with EMFILE (\"too many open files\") until some close. That is " +
	"temporary: back off and try again (TODO(5)). A server that returns instead is gone for good, and " +
	"the next client finds nobody listening."

// readingCtxErr explains the symptom ctx-err-returned.
const readingCtxErr = "Serve returned the context's error after a clean shutdown. That error usually comes " +
	"from the accept loop: when Accept fails because the shutdown closed the listener, return nil, not " +
	"ctx.Err()."

const msgWaitLostSlots = "Under -policy wait, Accept failed %d times with temporary errors before anyone connected, and the " +
	"server, limited to %d clients, never called Accept again (%v later). Each failure kept the slot that was taken " +
	"for it: once the slots ran out, the loop waited for one that no client would ever give back, and the server " +
	"accepted nobody, for ever. When Accept fails, whatever the error, give the slot back that the wait policy took for it, " +
	"before anything else (the reject policy took none)."

const readingPanicNotLogged = "Nothing crashed: the panic was recovered and everyone else was served. Only the log is " +
	"missing what a maintainer needs to find the bug afterwards: the panic's value and the stack where it happened."

const readingRejectedServed = "the server's log shows a client turned away (\"rejected\") and then served all " +
	"the same (\"connected\", from the same address): after s.reject(conn), the loop must go on to the next " +
	"client with continue. Without it, the rejected connection is served too, and its handler gives back a " +
	"slot it never took."

const readingReleasedAtOnce = "serveConn calls release() outright, not with defer: the slot comes back the moment " +
	"the handler starts, so the limit never holds anyone back. Defer it, so that it runs when serveConn ends."

const noteRejectDefault = "the server runs with -max-conns %d and no -policy at all: the zero Policy is the reject " +
	"policy (any Policy but Wait), so the fourth client must be told Busy as under -policy reject."
