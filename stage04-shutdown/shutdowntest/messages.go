package shutdowntest

// The sentences of the stage 04 reports, kept here so that the checks
// read as logic. Most are format strings; the comment above each says
// what fills it.

// refuse-new. %v: how long the case kept dialling.
const msgStillAccepting = "new connections were still accepted %v after the server was told to shut down " +
	"(its context was cancelled). Accept does not watch the context: the listener must be closed " +
	"for dials to be refused."

// goodbye.
const noteNoGoodbye = "if a client got EOF and no goodbye, its handler was woken but hung up without a word. " +
	"farewell needs a case for the deadline error while the context is done: " +
	"errors.Is(err, os.ErrDeadlineExceeded) && ctx.Err() != nil. And the wake-up must set only the read " +
	"deadline: conn.SetDeadline or conn.Close make the goodbye's own write fail."

// Every check that cancels and then expects goodbyes. %s: the goodbye, quoted.
const noteCancelled = "the case told the server to shut down (cancelled its context) after the last exchange it " +
	"had waited for. From then on, each handler blocked in Read must be woken at once, say %s and close " +
	"its connection, without waiting for the client."

// in-flight, while the reply is still arriving. %d: the line's length.
const noteInFlight = "alice's line is %d bytes, more than the socket buffers hold, so when the shutdown began " +
	"the server was still writing its reply. Waking the handler must not cut that reply: a read deadline " +
	"in the past leaves writes alone, but conn.Close or conn.SetDeadline (read and write) does not."

// readingWakeUndone explains symptomWakeUndone. %s: the client's name.
const readingWakeUndone = "%s received her whole reply, so the wake-up left the write alone, but no goodbye " +
	"followed. The wake-up fired while her handler was still writing; when the handler went back to Read, " +
	"that Read should have failed at once, its deadline being in the past. It did not, so a later read " +
	"deadline replaced the wake-up's. Usually that is the idle deadline of TODO(5), set after the wake-up: " +
	"re-check ctx.Err() after extending the deadline, and if the context is done, set the read deadline to " +
	"time.Now() again. If you have no idle deadline yet, look for what else sets a read deadline in converse."

// handlers. %s: what Serve returned.
const msgReturnedEarly = "Serve returned %s while alice's handler was still writing her reply. Serve must wait " +
	"until every handler has returned: the caller may exit as soon as Serve returns, which would cut alice off."

// handlers. %v: how long the case waited.
const msgNoReturnAfterDrain = "Serve was still running %v after the last connection had closed. Once every " +
	"handler has returned, the shutdown is over: return nil."

// handlers. %s: what Serve returned; %v: the drain timeout.
const msgCleanDrainError = "Serve returned %s, but every connection finished well within the drain timeout " +
	"(%v), so it should return nil."

// drain-timeout. %v: how long the case waited past the timeout; %v: the timeout.
const msgDrainForever = "Serve was still waiting %v after the drain timeout of %v. alice and bob will never " +
	"read their replies, so their handlers stay blocked in Write until their connections are closed. After " +
	"the drain timeout, close them and return."

// drain-timeout.
const msgDrainNil = "Serve returned nil, but alice's and bob's handlers could not have finished: neither " +
	"reads. After the drain timeout Serve should close their connections and return an error that says how " +
	"many it cut: 2."

// drain-timeout. %q: Serve's error.
const msgDrainCount = "Serve returned the error %q, which does not say how many connections it cut: 2 " +
	"(alice and bob)."

// drain-timeout. %s: the client's name.
const msgStillOpen = "Serve has returned, but %s's connection is still open: the connections that did not " +
	"drain in time must be closed."

// idle. %v: the idle timeout; %q: the notice.
const noteIdle = "the server runs with -idle %v: a client that sends nothing for that long gets %q and the " +
	"connection is closed."

// chatty. %v: the idle timeout.
const noteChatty = "the server runs with -idle %v, and alice sends a line every 100ms. Deadlines are points " +
	"in time: a deadline set once, when she connected, cuts her off however much she talks. Push it forward " +
	"before every line."

// sigint and sigterm. %s: the signal; %d: alice's line's length.
const noteGraceful = "the case sent the server %s while it was writing alice's %d-byte reply and bob was idle. " +
	"The command's run.Main turns the signal into a cancelled context, so this is the shutdown the in-process " +
	"checks cause: bob's handler, blocked in Read, is woken at once and says goodbye (TODO(2)); alice gets her " +
	"whole reply, then the goodbye; once both handlers have returned, Serve returns nil (TODO(3)) and the " +
	"process exits with status 0."

// sigint and sigterm. %s: the exit status.
const noteExitedEarly = "the server exited (%s) before alice had her whole reply: Serve returned while her " +
	"handler was still writing it. Serve must wait for every handler (TODO(3))."

// sigint and sigterm. %v: how long the case waited; %v: the drain timeout.
const msgNoExit = "the server was still running %v after both clients had been sent away. Once the last " +
	"handler has returned, the drain is over: Serve returns nil at once, without waiting out the drain " +
	"timeout (%v), and the process exits."

// sigint and sigterm. %s: the exit status.
const msgCleanExitStatus = "the server exited with %s after a clean drain; it should exit with status 0, which " +
	"means Serve returned nil. Serve returns an error only when the drain timeout cut connections off."

// expectDraining. %s: the signal.
const msgKilledBySignal = "the server was killed by %s: nothing in the process caught it, so there was no " +
	"goodbye and no drain. The command's main (cmd/shutdown/main.go) must leave signals to run.Main, which " +
	"catches SIGINT, SIGTERM and SIGHUP before it listens; a command that catches signals itself must ask for all three."

// expectDraining. %s: the exit status; %s: the signal.
const msgExitedAtSignal = "the server exited with %s right after %s, while it was still writing alice's reply. " +
	"A process ends when main returns, and every goroutine with it, so Serve must not return while a handler " +
	"is still running: each handler must be woken (TODO(2)) and Serve must wait for them all (TODO(3))."

// second-signal. %d: alice's line's length; %v: the drain timeout.
const noteSecondSignal = "the case sent the server SIGINT while it was writing alice's %d-byte reply, which she " +
	"never reads. With -drain %v the drain is stuck on her: only a second SIGINT can end it early."

// second-signal. %v: how long the case waited; %v: the drain timeout.
const msgNoForcedExit = "the server was still running %v after a second SIGINT. It was draining, stuck on " +
	"alice, who never reads her reply; the drain timeout is %v. A second Ctrl+C means \"stop now\": exit " +
	"with status 1. run.Main does that; check that cmd/shutdown/main.go still hands signals to it."

// second-signal. %s: the exit status.
const msgForcedExitStatus = "after a second SIGINT the server exited with %s; a forced stop should exit with " +
	"status 1, so that scripts can tell it from a clean one. run.Main does that; check that " +
	"cmd/shutdown/main.go still hands signals to it."

// The lines cases, re-run from stage 02.
const noteLineCases = "this is stage 02's line echo check, re-run here. The line echo came written in " +
	"shutdown.go (converse, farewell, readLine), so compare what you changed there with the TODOs' instructions."

// stalled-reader. %v: the idle timeout.
const noteStalled = "the server runs with -idle %v. alice sent lines as fast as she could and never read a " +
	"reply, until her handler was stuck writing one (the buffers between her and the server full); then " +
	"she fell silent, still connected. The idle timeout must bound that write too: before each reply, " +
	"conn.SetWriteDeadline(time.Now().Add(s.idle())), so that the blocked write fails and the handler returns."

// stalled-reader. %v: how long the case waited.
const msgStalledHandler = "alice's handler was still running %v after she stalled: nothing ends a write to a " +
	"client that never reads, so the handler (and, in stage 05, the slot it holds) is lost for good."

const noteZeroConfig = "the server runs with Idle and Drain left zero, which Server's fields define as the " +
	"defaults (30 s and 5 s): s.idle() and the drain's limit give those, the raw fields give a deadline of now " +
	"and a drain timer that fires at once."

// wake-released. %d: connections still held; %d: connections served.
const msgWakeKept = "%d of the %d connections the server served were still held by it after their clients " +
	"had left and their handlers had returned: something of every connection outlives it. Usually that is the " +
	"wake-up: context.AfterFunc keeps its function, and the connection it closes over, on the server's context " +
	"until its stop function is called. defer wake() in the handler releases it when the connection ends."

// just-accepted. %d: which try.
const msgJustAccepted = "Serve returned before the handler of a connection it had just accepted had finished " +
	"(on try %d: the server was told to stop as it accepted the client). Serve must wait for that handler too. " +
	"If the WaitGroup is counted inside the handler's goroutine (wg.Add in go func), the accept loop can reach " +
	"wg.Wait before that goroutine has run, see a count of zero and return: add to it before the go statement."
