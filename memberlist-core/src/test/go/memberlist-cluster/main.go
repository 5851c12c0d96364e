// memberlist-cluster measures crash detection in a cluster of real HashiCorp memberlist (v0.2.2) nodes: one
// process runs N memberlist instances on loopback with DefaultLANConfig, and per run kills one (Shutdown
// without Leave, which looks like kill -9 to the others). It prints one JSON object per run on stdout:
//
//	{"run":1,"nodes":10,"firstSuspectMs":1234.5,"deadEverywhereMs":5678.9}
//
// firstSuspectMs: from the kill until the first node's own probe of the victim failed (memberlist logs
// "Suspect <name> has failed, no acks received" right before suspectNode); every suspicion starts with such
// a failure, so this is the first SUSPECT anywhere. deadEverywhereMs: until every survivor's EventDelegate
// was told NotifyLeave for the victim (deadNode calls it for dead and left).
//
// The Java benchmark io.memberlist.bench.CrashDetectionBenchmark builds and runs it; see there for flags.
// With -leave-first (DefaultLocalConfig, e.g. -nodes 3) one node leaves gracefully and stops before the kill:
// Go then waits for a confirmation the LEFT member cannot send (about 19 s instead of 3 s), which the Java
// port does not (see Timing.suspicionTimeouts).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/memberlist"
)

// watch records when the victim was first suspected and when each survivor saw it leave.
type watch struct {
	mu           sync.Mutex
	victim       string
	killedAt     time.Time
	firstSuspect time.Time
	gone         map[string]time.Time
}

func (w *watch) suspected(line string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.victim != "" && w.firstSuspect.IsZero() && strings.Contains(line, "Suspect "+w.victim+" has failed") {
		w.firstSuspect = time.Now()
	}
}

func (w *watch) left(observer, subject string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if subject == w.victim {
		if _, seen := w.gone[observer]; !seen {
			w.gone[observer] = time.Now()
		}
	}
}

// logTap is a node's log output: it feeds the suspicion lines to the watch and discards everything.
type logTap struct{ w *watch }

func (t logTap) Write(p []byte) (int, error) {
	t.w.suspected(string(p))
	return len(p), nil
}

type events struct {
	name string
	w    *watch
}

func (e events) NotifyJoin(*memberlist.Node)   {}
func (e events) NotifyUpdate(*memberlist.Node) {}
func (e events) NotifyLeave(n *memberlist.Node) {
	e.w.left(e.name, n.Name)
}

func main() {
	nodes := flag.Int("nodes", 10, "cluster size")
	runs := flag.Int("runs", 20, "runs, each on a fresh cluster")
	settle := flag.Duration("settle", 3*time.Second, "wait after every node sees all members, before the kill")
	limit := flag.Duration("limit", 120*time.Second, "give up a run after this long")
	phase := flag.Bool("random-phase", true, "start each node at a random point of the probe interval")
	leaveFirst := flag.Bool("leave-first", false, "DefaultLocalConfig; before the kill another node leaves gracefully")
	flag.Parse()
	rand.Seed(time.Now().UnixNano())
	for run := 1; run <= *runs; run++ {
		result, err := once(run, *nodes, *settle, *limit, *phase, *leaveFirst)
		if err != nil {
			fmt.Fprintf(os.Stderr, "run %d: %v\n", run, err)
			os.Exit(1)
		}
		line, _ := json.Marshal(result)
		fmt.Println(string(line))
	}
}

func once(run, n int, settle, limit time.Duration, phase, leaveFirst bool) (map[string]interface{}, error) {
	w := &watch{gone: map[string]time.Time{}}
	// Created side by side, each after its own random delay (see -random-phase), so that the phases are
	// random and yet a cluster of 100 takes one probe interval to create, not a hundred.
	list := make([]*memberlist.Memberlist, n)
	errs := make([]error, n)
	var created sync.WaitGroup
	for i := 0; i < n; i++ {
		created.Add(1)
		go func(i int) {
			defer created.Done()
			conf := memberlist.DefaultLANConfig()
			if leaveFirst {
				conf = memberlist.DefaultLocalConfig()
			}
			if phase {
				// A node's probe ticker starts at Create and its random stagger only skips ticks, so nodes
				// created together probe in lockstep: every probe in the process falls at the same phase.
				// Nodes of a real cluster start at unrelated times; so do these.
				time.Sleep(time.Duration(rand.Int63n(int64(conf.ProbeInterval))))
			}
			conf.Name = fmt.Sprintf("go-%d-%d", run, i)
			conf.BindAddr = "127.0.0.1"
			conf.BindPort = 0
			conf.Events = events{name: conf.Name, w: w}
			conf.Logger = log.New(logTap{w}, "", 0)
			list[i], errs[i] = memberlist.Create(conf)
		}(i)
	}
	created.Wait()
	defer func() {
		for _, m := range list {
			if m != nil {
				m.Shutdown()
			}
		}
	}()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	seed := list[0].LocalNode()
	for _, m := range list[1:] {
		if _, err := m.Join([]string{fmt.Sprintf("%s:%d", seed.Addr, seed.Port)}); err != nil {
			return nil, err
		}
	}
	deadline := time.Now().Add(limit)
	for !converged(list, n) {
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("no convergence")
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(settle)
	if leaveFirst {
		// The steps: a graceful leave, the leaver stops, then another member is killed. The
		// survivors still count the LEFT member (estNumNodes) until it is reaped.
		leaver := list[len(list)-1]
		if err := leaver.Leave(5 * time.Second); err != nil {
			return nil, err
		}
		leaver.Shutdown()
		list = list[:len(list)-1]
		n--
		time.Sleep(time.Second)
	}
	victimIx := rand.Intn(n)
	victim := list[victimIx]
	w.mu.Lock()
	w.victim = victim.LocalNode().Name
	w.killedAt = time.Now()
	w.mu.Unlock()
	victim.Shutdown()
	list = append(list[:victimIx], list[victimIx+1:]...)
	defer victim.Shutdown()
	for {
		w.mu.Lock()
		done := len(w.gone) == n-1 && !w.firstSuspect.IsZero()
		w.mu.Unlock()
		if done {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("victim not dead everywhere in time")
		}
		time.Sleep(10 * time.Millisecond)
	}
	var last time.Time
	for _, t := range w.gone {
		if t.After(last) {
			last = t
		}
	}
	ms := func(t time.Time) float64 { return float64(t.Sub(w.killedAt).Microseconds()) / 1000 }
	return map[string]interface{}{"run": run, "nodes": n, "firstSuspectMs": ms(w.firstSuspect),
		"deadEverywhereMs": ms(last)}, nil
}

func converged(list []*memberlist.Memberlist, n int) bool {
	for _, m := range list {
		if m.NumMembers() != n {
			return false
		}
	}
	return true
}
