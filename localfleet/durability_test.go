package localfleet

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	apppb "go.viam.com/api/app/v1"
	rpcpb "go.viam.com/utils/proto/rpc/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// durabilityChildEnv, when set to a database path, makes the test binary
// act as the server process of TestDurabilityAfterSIGKILL.
const durabilityChildEnv = "LOCALFLEET_DURABILITY_CHILD"

func TestMain(m *testing.M) {
	if path := os.Getenv(durabilityChildEnv); path != "" {
		runDurabilityChild(path)
		return
	}
	os.Exit(m.Run())
}

// runDurabilityChild serves a new file database on loopback and prints its
// address, owner key and location, then serves until killed.
func runDurabilityChild(path string) {
	srv, err := Open(ctx, Options{DataPath: path, Fixture: mustBuiltin("empty")})
	if err != nil {
		fmt.Println("ERROR", err)
		os.Exit(1)
	}
	keyID, key, _ := srv.BootstrapKey()
	var locationID string
	if err := srv.svc.db.QueryRow(`SELECT id FROM locations`).Scan(&locationID); err != nil {
		fmt.Println("ERROR", err)
		os.Exit(1)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("ERROR", err)
		os.Exit(1)
	}
	fmt.Println("READY", lis.Addr(), keyID, key, locationID)
	_ = srv.Serve(lis)
}

func mustBuiltin(name string) *Fixture {
	f, _ := BuiltinFixture(name)
	return f
}

// TestDurabilityAfterSIGKILL kills a server process while writes are in
// flight and checks that every acknowledged write survived and that the
// database opens clean.
func TestDurabilityAfterSIGKILL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fleet.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), durabilityChildEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	fields := strings.Fields(line)
	if len(fields) != 5 || fields[0] != "READY" {
		t.Fatalf("child said %q", line)
	}
	addr, keyID, key, locationID := fields[1], fields[2], fields[3], fields[4]

	cc, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	login, err := rpcpb.NewAuthServiceClient(cc).Authenticate(ctx, &rpcpb.AuthenticateRequest{
		Entity: keyID, Credentials: &rpcpb.Credentials{Type: "api-key", Payload: key}})
	if err != nil {
		t.Fatal(err)
	}
	app := apppb.NewAppServiceClient(cc)
	call := bearerCtx(login.AccessToken)

	const writers, killAfter = 8, 120
	var (
		mu    sync.Mutex
		acked []string
		kill  sync.Once
		wg    sync.WaitGroup
	)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				resp, err := app.NewRobot(call, &apppb.NewRobotRequest{Name: fmt.Sprintf("w%d-%d", w, i), Location: locationID})
				if err != nil {
					return // the server is gone
				}
				mu.Lock()
				acked = append(acked, resp.Id)
				n := len(acked)
				mu.Unlock()
				if n >= killAfter {
					kill.Do(func() { _ = cmd.Process.Kill() }) // SIGKILL, other writes in flight
				}
			}
		}()
	}
	wg.Wait()
	_ = cmd.Wait()

	srv, err := Open(ctx, Options{DataPath: path})
	if err != nil {
		t.Fatalf("reopen after SIGKILL: %v", err)
	}
	defer srv.Close()
	var check string
	if err := srv.svc.db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	for _, id := range acked {
		var mains int
		if err := srv.svc.db.QueryRow(`SELECT COUNT(*) FROM parts WHERE robot_id = ? AND main = 1`, id).Scan(&mains); err != nil || mains != 1 {
			t.Fatalf("acknowledged machine %s: %d main parts, %v", id, mains, err)
		}
	}
	var orphans int
	if err := srv.svc.db.QueryRow(`SELECT COUNT(*) FROM robots r WHERE NOT EXISTS (SELECT 1 FROM parts p WHERE p.robot_id = r.id AND p.main = 1)`).Scan(&orphans); err != nil || orphans != 0 {
		t.Fatalf("%d machines without a main part (a torn transaction), %v", orphans, err)
	}
	if len(acked) < killAfter {
		t.Fatalf("only %d writes were acknowledged before the kill", len(acked))
	}
}
