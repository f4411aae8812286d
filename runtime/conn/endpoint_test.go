package conn

import (
	"errors"
	"testing"
)

func TestParseAppURL(t *testing.T) {
	tests := []struct {
		in        string
		wantAddr  string
		plaintext bool
		wantErr   bool
	}{
		{"", "app.viam.com:443", false, false},
		{"app.viam.com", "app.viam.com:443", false, false},
		{"app.viam.com:8443", "app.viam.com:8443", false, false},
		{"https://app.viam.com", "app.viam.com:443", false, false},
		{"https://app.viam.com:443/", "app.viam.com:443", false, false},
		{"http://127.0.0.1:8080", "127.0.0.1:8080", true, false},
		{"http://localhost", "localhost:8080", true, false},
		{"http://[::1]:9000", "[::1]:9000", true, false},
		{"http://example.com:8080", "", false, true},
		{"http://10.0.0.5:8080", "", false, true},
		{"ftp://app.viam.com", "", false, true},
		{"https://app.viam.com/api", "", false, true},
		{"https://", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			ep, err := parseAppURL(tt.in)
			if tt.wantErr {
				if !errors.Is(err, ErrConfig) {
					t.Fatalf("parseAppURL(%q) = %v, %v; want a config error", tt.in, ep, err)
				}
				return
			}
			if err != nil || ep.addr != tt.wantAddr || ep.plaintext != tt.plaintext {
				t.Errorf("parseAppURL(%q) = %+v, %v; want %s plaintext=%v", tt.in, ep, err, tt.wantAddr, tt.plaintext)
			}
		})
	}
}

func TestIsRead(t *testing.T) {
	tests := map[string]bool{
		"/viam.app.v1.AppService/GetRobot":                    true,
		"/viam.app.v1.AppService/ListOrganizations":           true,
		"/viam.app.v1.AppService/CheckPermissions":            true,
		"/viam.app.v1.AppService/SearchOrganizations":         true,
		"/viam.app.v1.AppService/TailRobotPartLogs":           true,
		"/viam.app.v1.AppService/LocationAuth":                true,
		"/viam.app.v1.AppService/OrganizationGetSupportEmail": true,
		"/proto.rpc.v1.AuthService/Authenticate":              true,
		"/viam.app.v1.AppService/CreateLocation":              false,
		"/viam.app.v1.AppService/MarkPartForRestart":          false,
		"/viam.app.v1.AppService/OrganizationSetLogo":         false,
		"/viam.app.v1.AppService/UploadModuleFile":            false,
	}
	for method, want := range tests {
		if got := isRead(method); got != want {
			t.Errorf("isRead(%s) = %v, want %v", method, got, want)
		}
	}
}
