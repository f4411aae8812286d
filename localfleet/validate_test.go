package localfleet

import (
	"strings"
	"testing"
	"time"
)

func TestDNSLabel(t *testing.T) {
	for in, want := range map[string]string{
		"forklift-01":        "forklift-01",
		"Mower 7":            "mower-7",
		"  Über__Bot!! ":     "ber-bot",
		"a--b":               "a-b",
		"-lead":              "lead",
		"part.with.dots_and": "part-with-dots-and",
	} {
		if got := dnsLabel(in); got != want {
			t.Errorf("dnsLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPartDNSName(t *testing.T) {
	for _, tt := range []struct{ robot, part, want string }{
		{"mymachine", "mymachine-main", "mymachine-main"},
		{"mymachine", "camera", "mymachine-camera"},
		{"My Machine", "Arm Part", "my-machine-arm-part"},
	} {
		if got := partDNSName(tt.robot, tt.part); got != tt.want {
			t.Errorf("partDNSName(%q, %q) = %q, want %q", tt.robot, tt.part, got, tt.want)
		}
	}
}

func TestValidateName(t *testing.T) {
	for name, wantErr := range map[string]string{
		"ok name":                "",
		"":                       "empty",
		" lead":                  "spaces",
		"tab\there":              "control",
		strings.Repeat("x", 129): "longer",
	} {
		err := validateName(name)
		if (err == nil) != (wantErr == "") || (err != nil && !strings.Contains(err.Error(), wantErr)) {
			t.Errorf("validateName(%q) = %v, want error containing %q", name, err, wantErr)
		}
	}
}

func TestIDShapes(t *testing.T) {
	for _, deterministic := range []bool{false, true} {
		ids := newIDSource(deterministic, 7)
		seen := map[string]bool{}
		for range 200 {
			u, l := ids.UUID(), ids.LocationID()
			if !isUUID(u) || u[14] != '4' || !isLocationID(l) || seen[u] || seen[l] {
				t.Fatalf("bad or repeated id: %q %q", u, l)
			}
			seen[u], seen[l] = true, true
		}
	}
	a, b := newIDSource(true, 7), newIDSource(true, 7)
	if a.UUID() != b.UUID() || a.Secret() != b.Secret() {
		t.Fatal("the same seed gave different ids")
	}
	for _, bad := range []string{"", "abc", "0000000000000000000000000000000000000", "g0000000-0000-4000-8000-000000000000"} {
		if isUUID(bad) {
			t.Errorf("isUUID(%q)", bad)
		}
	}
}

func TestCheckers(t *testing.T) {
	bad := []error{
		checkNamespace("ns", "Upper"), checkNamespace("ns", "-x"), checkNamespace("ns", ""),
		checkEmail("email", "nobody"), checkEmail("email", "@x"), checkEmail("email", "a b@c"),
		checkLocationID("location_id", "ABCDEFGHIJ"), checkLocationID("location_id", "short"),
		checkVersion("v", "1.2"), checkVersion("v", "v1.2.3"), checkModuleName("name", "Has Space"),
	}
	for i, err := range bad {
		if err == nil {
			t.Errorf("case %d: accepted", i)
		}
	}
	good := []error{
		checkNamespace("ns", "demo-robotics"), checkEmail("email", "a@b.example"),
		checkLocationID("location_id", "0a1bcdefgi"), checkVersion("v", "1.2.3-rc1"), checkModuleName("name", "my_module-2"),
	}
	for i, err := range good {
		if err != nil {
			t.Errorf("good case %d: %v", i, err)
		}
	}
}

func TestFakeClockAdvancesOnEachRead(t *testing.T) {
	c := newFakeClock()
	first, second := c.Now(), c.Now()
	if !first.Equal(fakeEpoch) || second.Sub(first) != fakeStep {
		t.Fatalf("fake clock read %v then %v", first, second)
	}
}

func TestTokens(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	s := &tokenSigner{key: []byte("k"), ttl: time.Hour, now: func() time.Time { return now }}
	tok, err := s.mint("key-id")
	if err != nil {
		t.Fatal(err)
	}
	if sub, err := s.verify(tok); err != nil || sub != "key-id" {
		t.Fatalf("verify = %q, %v", sub, err)
	}
	other := &tokenSigner{key: []byte("other"), ttl: time.Hour, now: s.now}
	if _, err := other.verify(tok); err != errTokenSignature {
		t.Fatalf("verify with another key = %v", err)
	}
	later := &tokenSigner{key: []byte("k"), ttl: time.Hour, now: func() time.Time { return now.Add(time.Hour) }}
	if _, err := later.verify(tok); err != errTokenExpired {
		t.Fatalf("verify after the TTL = %v", err)
	}
	for _, bad := range []string{"", "a.b", "a.b.c", jwtHeader + ".!!.x"} {
		if _, err := s.verify(bad); err == nil {
			t.Errorf("verify(%q) accepted", bad)
		}
	}
}
