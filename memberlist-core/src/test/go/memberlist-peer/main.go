// memberlist-peer is a HashiCorp memberlist node driven by line commands on stdin that reports one JSON
// object per line on stdout. Java interop tests (io.memberlist.interop.GoPeer) build and drive it.
//
// Build (Debian packages golang-go and golang-github-hashicorp-memberlist-dev, memberlist v0.2.2):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=$(mktemp -d) go build -o memberlist-peer .
//
// Commands (one per line; every reply carries "cmd" with the command's verb, failures are
// {"event":"error","cmd":..,"error":..}):
//
//	join host:port[,host:port...]   -> {"event":"joined","count":N}
//	members                         -> {"event":"members","source":"internal"|"events","live":N,"members":[...]}
//	live-members                    -> {"event":"live-members","members":[...]}   (Members(): never dead/left)
//	local                           -> {"event":"local","node":{...}}
//	meta <string>                   -> UpdateNode with the new meta -> {"event":"meta-updated"}
//	send-best-effort <node> <text>  -> {"event":"sent","node":..}
//	send-reliable <node> <text>     -> {"event":"sent","node":..}
//	broadcast <text>                -> user broadcast via TransmitLimitedQueue -> {"event":"queued","queued":N}
//	leave <timeout-ms>              -> {"event":"left"}
//	health                          -> {"event":"health","score":N}
//	shutdown                        -> {"event":"shutdown"} and exit 0 (also on stdin EOF)
//
// Unsolicited events: {"event":"join"|"leave"|"update","node":{...}} from the EventDelegate,
// {"event":"msg","text":..} from Delegate.NotifyMsg, {"event":"remote-state","text":..,"join":..} from
// Delegate.MergeRemoteState.
//
// memberlist v0.2.2 keeps a node's state and incarnation in an unexported nodeState that embeds Node; the
// Node.State field handed to delegates and returned by Members() is never updated (always 0 = alive). The
// peer therefore reads nodeState through reflection (read-only, under memberlist's own lock) to report real
// states and incarnations, and falls back to an EventDelegate-maintained map if that layout ever changes.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/hashicorp/memberlist"
)

// ---- output -----------------------------------------------------------------------------------------------

var (
	outMu  sync.Mutex
	stdout = bufio.NewWriter(os.Stdout)
)

// emit writes one JSON object per line and flushes. Never call while holding state.mu.
func emit(fields map[string]interface{}) {
	line, err := json.Marshal(fields)
	if err != nil {
		line = []byte(fmt.Sprintf(`{"event":"error","error":%q}`, err.Error()))
	}
	outMu.Lock()
	defer outMu.Unlock()
	stdout.Write(line)
	stdout.WriteByte('\n')
	stdout.Flush()
}

func reply(cmd, event string, kv ...interface{}) {
	fields := map[string]interface{}{"event": event, "cmd": cmd}
	for i := 0; i+1 < len(kv); i += 2 {
		fields[kv[i].(string)] = kv[i+1]
	}
	emit(fields)
}

func fail(cmd string, err error) {
	emit(map[string]interface{}{"event": "error", "cmd": cmd, "error": err.Error()})
}

// ---- node views -------------------------------------------------------------------------------------------

var stateNames = map[int]string{0: "alive", 1: "suspect", 2: "dead", 3: "left"}

func stateName(s int) string {
	if n, ok := stateNames[s]; ok {
		return n
	}
	return strconv.Itoa(s)
}

// nodeView is the JSON form of a node; incarnation is -1 when unknown.
func nodeView(n *memberlist.Node, state string, incarnation int64) map[string]interface{} {
	return map[string]interface{}{
		"name":        n.Name,
		"addr":        n.Addr.String(),
		"addrBytes":   len(n.Addr),
		"addrHex":     hex.EncodeToString(n.Addr),
		"port":        int(n.Port),
		"meta":        string(n.Meta),
		"state":       state,
		"incarnation": incarnation,
		"vsn":         []int{int(n.PMin), int(n.PMax), int(n.PCur), int(n.DMin), int(n.DMax), int(n.DCur)},
	}
}

// internals reads memberlist's unexported node table: Memberlist.nodes []*nodeState guarded by
// Memberlist.nodeLock, nodeState{Node (embedded, offset 0), Incarnation uint32, State NodeStateType}.
type internals struct {
	lock          *sync.RWMutex
	nodes         reflect.Value // the []*nodeState field, made readable
	stateType     reflect.Type  // nodeState
	incarnationIx int
	stateIx       int
}

func findInternals(m *memberlist.Memberlist) (in *internals) {
	defer func() {
		if recover() != nil {
			in = nil
		}
	}()
	v := reflect.ValueOf(m).Elem()
	lockField := v.FieldByName("nodeLock")
	nodesField := v.FieldByName("nodes")
	if !lockField.IsValid() || lockField.Type() != reflect.TypeOf(sync.RWMutex{}) ||
		!nodesField.IsValid() || nodesField.Kind() != reflect.Slice ||
		nodesField.Type().Elem().Kind() != reflect.Ptr {
		return nil
	}
	st := nodesField.Type().Elem().Elem()
	nodeField, ok := st.FieldByName("Node")
	if !ok || !nodeField.Anonymous || nodeField.Offset != 0 || nodeField.Type != reflect.TypeOf(memberlist.Node{}) {
		return nil
	}
	inc, ok1 := st.FieldByName("Incarnation")
	state, ok2 := st.FieldByName("State")
	if !ok1 || !ok2 || inc.Type.Kind() != reflect.Uint32 || state.Type.Kind() != reflect.Int || len(inc.Index) != 1 || len(state.Index) != 1 {
		return nil
	}
	return &internals{
		lock:          (*sync.RWMutex)(unsafe.Pointer(lockField.UnsafeAddr())),
		nodes:         reflect.NewAt(nodesField.Type(), unsafe.Pointer(nodesField.UnsafeAddr())).Elem(),
		stateType:     st,
		incarnationIx: inc.Index[0],
		stateIx:       state.Index[0],
	}
}

// of reads state and incarnation of the nodeState that embeds n. The caller must hold nodeLock (memberlist
// holds it while calling the EventDelegate).
func (in *internals) of(n *memberlist.Node) (string, int64) {
	ns := reflect.NewAt(in.stateType, unsafe.Pointer(n)).Elem()
	return stateName(int(ns.Field(in.stateIx).Int())), int64(ns.Field(in.incarnationIx).Uint())
}

// all lists every known node, including suspect, dead and left ones, in memberlist's order.
func (in *internals) all() []map[string]interface{} {
	in.lock.RLock()
	defer in.lock.RUnlock()
	out := make([]map[string]interface{}, 0, in.nodes.Len())
	for i := 0; i < in.nodes.Len(); i++ {
		n := (*memberlist.Node)(in.nodes.Index(i).UnsafePointer())
		state, inc := in.of(n)
		out = append(out, nodeView(n, state, inc))
	}
	return out
}

// ---- delegates --------------------------------------------------------------------------------------------

type peer struct {
	mu         sync.Mutex
	meta       []byte
	localState []byte
	seen       map[string]map[string]interface{} // EventDelegate view, fallback when internals is nil
	queue      *memberlist.TransmitLimitedQueue
	list       *memberlist.Memberlist // set once after Create, before commands are read
	inValue    atomic.Value           // *internals, set after Create; delegates may run before that
}

func (p *peer) internals() *internals {
	in, _ := p.inValue.Load().(*internals)
	return in
}

type userBroadcast []byte

func (b userBroadcast) Invalidates(memberlist.Broadcast) bool { return false }
func (b userBroadcast) Message() []byte                       { return b }
func (b userBroadcast) Finished()                             {}

// Delegate

func (p *peer) NodeMeta(limit int) []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.meta) > limit {
		return p.meta[:limit]
	}
	return p.meta
}

func (p *peer) NotifyMsg(buf []byte) {
	emit(map[string]interface{}{"event": "msg", "text": string(buf)})
}

func (p *peer) GetBroadcasts(overhead, limit int) [][]byte {
	return p.queue.GetBroadcasts(overhead, limit)
}

func (p *peer) LocalState(join bool) []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.localState
}

func (p *peer) MergeRemoteState(buf []byte, join bool) {
	emit(map[string]interface{}{"event": "remote-state", "text": string(buf), "join": join})
}

// EventDelegate: called by memberlist with its nodeLock held, so reading the nodeState is safe here.

func (p *peer) event(kind string, n *memberlist.Node, fallbackState string) {
	state, inc := fallbackState, int64(-1)
	if in := p.internals(); in != nil {
		state, inc = in.of(n)
	}
	view := nodeView(n, state, inc)
	p.mu.Lock()
	p.seen[n.Name] = view
	p.mu.Unlock()
	emit(map[string]interface{}{"event": kind, "node": view, "name": n.Name, "state": state})
}

func (p *peer) NotifyJoin(n *memberlist.Node)   { p.event("join", n, "alive") }
func (p *peer) NotifyLeave(n *memberlist.Node)  { p.event("leave", n, "dead-or-left") }
func (p *peer) NotifyUpdate(n *memberlist.Node) { p.event("update", n, "alive") }

// ---- commands ---------------------------------------------------------------------------------------------

func (p *peer) members() []map[string]interface{} {
	if in := p.internals(); in != nil {
		return in.all()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]map[string]interface{}, 0, len(p.seen))
	for _, v := range p.seen {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["name"].(string) < out[j]["name"].(string) })
	return out
}

func (p *peer) findLive(name string) (*memberlist.Node, error) {
	for _, n := range p.list.Members() {
		if n.Name == name {
			return n, nil
		}
	}
	return nil, fmt.Errorf("no live member named %q", name)
}

func splitFirst(s string) (string, string) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

func (p *peer) handle(line string) (exit bool) {
	verb, rest := splitFirst(line)
	switch verb {
	case "":
		return false
	case "join":
		var seeds []string
		for _, s := range strings.Split(rest, ",") {
			if s = strings.TrimSpace(s); s != "" {
				seeds = append(seeds, s)
			}
		}
		n, err := p.list.Join(seeds)
		if err != nil && n == 0 {
			fail(verb, err)
		} else {
			reply(verb, "joined", "count", n)
		}
	case "members":
		source := "internal"
		if p.internals() == nil {
			source = "events"
		}
		reply(verb, "members", "source", source, "live", p.list.NumMembers(), "members", p.members())
	case "live-members":
		var out []map[string]interface{}
		for _, n := range p.list.Members() {
			out = append(out, nodeView(n, stateName(int(n.State)), -1))
		}
		reply(verb, "live-members", "members", out)
	case "local":
		n := p.list.LocalNode()
		reply(verb, "local", "node", nodeView(n, "alive", -1))
	case "meta":
		p.mu.Lock()
		p.meta = []byte(rest)
		p.mu.Unlock()
		if err := p.list.UpdateNode(5 * time.Second); err != nil {
			fail(verb, err)
		} else {
			reply(verb, "meta-updated", "meta", rest)
		}
	case "send-best-effort", "send-reliable":
		name, text := splitFirst(rest)
		node, err := p.findLive(name)
		if err == nil {
			if verb == "send-reliable" {
				err = p.list.SendReliable(node, []byte(text))
			} else {
				err = p.list.SendBestEffort(node, []byte(text))
			}
		}
		if err != nil {
			fail(verb, err)
		} else {
			reply(verb, "sent", "node", name)
		}
	case "broadcast":
		p.queue.QueueBroadcast(userBroadcast(rest))
		reply(verb, "queued", "queued", p.queue.NumQueued())
	case "leave":
		ms, err := strconv.Atoi(strings.TrimSpace(rest))
		if err != nil {
			ms = 5000
		}
		if err := p.list.Leave(time.Duration(ms) * time.Millisecond); err != nil {
			fail(verb, err)
		} else {
			reply(verb, "left")
		}
	case "health":
		reply(verb, "health", "score", p.list.GetHealthScore())
	case "shutdown":
		p.list.Shutdown()
		reply(verb, "shutdown")
		return true
	default:
		fail(verb, fmt.Errorf("unknown command %q", verb))
	}
	return false
}

// ---- main -------------------------------------------------------------------------------------------------

func main() {
	name := flag.String("name", "", "node name (default: hostname)")
	bind := flag.String("bind", "127.0.0.1", "bind IP")
	port := flag.Int("port", 0, "bind port for UDP and TCP, 0 = ephemeral")
	advertise := flag.String("advertise", "", "advertise IP (default: derived from -bind)")
	advertisePort := flag.Int("advertise-port", 0, "advertise port (default: the bound port)")
	profile := flag.String("profile", "local", "config profile: lan, wan or local")
	key := flag.String("key", "", "base64 AES key (16/24/32 bytes) enabling encryption")
	compression := flag.Bool("compression", true, "EnableCompression")
	meta := flag.String("meta", "", "node meta")
	state := flag.String("state", "", "LocalState returned for push/pull (empty: none)")
	tcpTimeout := flag.Duration("tcp-timeout", 0, "TCPTimeout (0: profile default)")
	probeInterval := flag.Duration("probe-interval", 0, "ProbeInterval (0: profile default)")
	probeTimeout := flag.Duration("probe-timeout", 0, "ProbeTimeout (0: profile default)")
	gossipInterval := flag.Duration("gossip-interval", 0, "GossipInterval (0: profile default)")
	pushPullInterval := flag.Duration("pushpull-interval", -1, "PushPullInterval (-1: profile default, 0: off)")
	gossipToDead := flag.Duration("gossip-to-dead", 0, "GossipToTheDeadTime (0: profile default)")
	deadReclaim := flag.Duration("dead-reclaim", 0, "DeadNodeReclaimTime")
	suspicionMult := flag.Int("suspicion-mult", 0, "SuspicionMult (0: profile default)")
	retransmitMult := flag.Int("retransmit-mult", 0, "RetransmitMult (0: profile default)")
	protocolVersion := flag.Int("protocol-version", 0, "ProtocolVersion 1..5 (0: default 2)")
	disableTCPPings := flag.Bool("disable-tcp-pings", false, "DisableTcpPings")
	verifyIncoming := flag.Bool("verify-incoming", true, "GossipVerifyIncoming")
	verifyOutgoing := flag.Bool("verify-outgoing", true, "GossipVerifyOutgoing")
	quiet := flag.Bool("quiet", false, "discard memberlist's log instead of writing it to stderr")
	flag.Parse()

	var config *memberlist.Config
	switch *profile {
	case "lan":
		config = memberlist.DefaultLANConfig()
	case "wan":
		config = memberlist.DefaultWANConfig()
	case "local":
		config = memberlist.DefaultLocalConfig()
	default:
		emit(map[string]interface{}{"event": "error", "error": "unknown -profile " + *profile})
		os.Exit(2)
	}
	if *name != "" {
		config.Name = *name
	}
	config.BindAddr = *bind
	config.BindPort = *port
	config.AdvertiseAddr = *advertise
	config.AdvertisePort = *advertisePort
	config.EnableCompression = *compression
	config.GossipVerifyIncoming = *verifyIncoming
	config.GossipVerifyOutgoing = *verifyOutgoing
	config.DisableTcpPings = *disableTCPPings
	config.DeadNodeReclaimTime = *deadReclaim
	if *tcpTimeout > 0 {
		config.TCPTimeout = *tcpTimeout
	}
	if *probeInterval > 0 {
		config.ProbeInterval = *probeInterval
	}
	if *probeTimeout > 0 {
		config.ProbeTimeout = *probeTimeout
	}
	if *gossipInterval > 0 {
		config.GossipInterval = *gossipInterval
	}
	if *pushPullInterval >= 0 {
		config.PushPullInterval = *pushPullInterval
	}
	if *gossipToDead > 0 {
		config.GossipToTheDeadTime = *gossipToDead
	}
	if *suspicionMult > 0 {
		config.SuspicionMult = *suspicionMult
	}
	if *retransmitMult > 0 {
		config.RetransmitMult = *retransmitMult
	}
	if *protocolVersion > 0 {
		config.ProtocolVersion = uint8(*protocolVersion)
	}
	if *key != "" {
		raw, err := base64.StdEncoding.DecodeString(*key)
		if err != nil {
			emit(map[string]interface{}{"event": "error", "error": "bad -key: " + err.Error()})
			os.Exit(2)
		}
		config.SecretKey = raw
	}
	var logOut io.Writer = os.Stderr
	if *quiet {
		logOut = ioutil.Discard
	}
	config.LogOutput = logOut

	p := &peer{meta: []byte(*meta), localState: []byte(*state), seen: map[string]map[string]interface{}{}}
	var numMembers int32 = 1
	p.queue = &memberlist.TransmitLimitedQueue{
		NumNodes:       func() int { return int(atomic.LoadInt32(&numMembers)) },
		RetransmitMult: config.RetransmitMult,
	}
	config.Delegate = p
	config.Events = p

	// Create fires NotifyJoin for the local node before the internals are known: that first event reports
	// incarnation -1. Everything after uses the internal table.
	list, err := memberlist.Create(config)
	if err != nil {
		emit(map[string]interface{}{"event": "error", "error": "create: " + err.Error()})
		os.Exit(1)
	}
	p.list = list
	in := findInternals(list)
	if in != nil {
		p.inValue.Store(in)
	}
	go func() {
		for range time.Tick(100 * time.Millisecond) {
			atomic.StoreInt32(&numMembers, int32(list.NumMembers()))
		}
	}()

	local := list.LocalNode()
	emit(map[string]interface{}{
		"event": "ready", "name": local.Name, "addr": local.Addr.String(), "addrBytes": len(local.Addr),
		"port": int(local.Port), "internals": in != nil, "pid": os.Getpid(),
	})

	lines := bufio.NewScanner(os.Stdin)
	lines.Buffer(make([]byte, 64*1024), 4*1024*1024)
	for lines.Scan() {
		if p.handle(lines.Text()) {
			os.Exit(0)
		}
	}
	// stdin closed: the driving test is gone; do not linger as an orphan.
	list.Shutdown()
	os.Exit(0)
}
