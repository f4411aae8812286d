package builtins_test

import (
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/builtins"
	"github.com/fleetscript/fleetscript/localfleet"
)

// orgSettingsAndAppMethods are the organization settings, OAuth app, Viam
// app, push token and Firebase methods.
var orgSettingsAndAppMethods = strings.Fields(`enable_billing_service disable_billing_service
update_billing_service get_billing_service_config organization_set_support_email
organization_get_support_email organization_set_logo organization_get_logo enable_auth_service
disable_auth_service create_oauth_app read_oauth_app update_oauth_app delete_oauth_app list_oauth_apps
create_oauth_app_user get_app_content get_app_branding upload_device_push_token delete_device_push_token
get_device_push_tokens set_firebase_config get_firebase_config delete_firebase_config`)

func TestOrgSettingsMethodsDeclared(t *testing.T) {
	groups := map[string]string{}
	for _, m := range builtins.Methods() {
		groups[m.Name] = m.Group
	}
	for _, name := range orgSettingsAndAppMethods {
		if g := groups[name]; g != "organization settings" && g != "apps and push notifications" {
			t.Errorf("fleet.%s: group %q", name, g)
		}
	}
}

// orgSettingsPrelude binds the organization and expect().
const orgSettingsPrelude = `
def expect(cond, what):
    if not cond:
        fail("expectation failed: " + what)

org = fleet.list_organizations()[0]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
ADDRESS = {"address_line_1": "1 Main St", "city": "Springfield", "state": "IL", "zipcode": "62701", "country": "US"}
OAUTH = {"client_authentication": "required", "pkce": "not_required", "url_validation": "exact_match",
         "redirect_uris": ["https://app.example.com/cb"], "enabled_grants": ["authorization_code", "password"]}
`

// TestOrgSettingsOnLocalFleet exercises each method through Starlark:
// result shapes, the default organization, and effects.
func TestOrgSettingsOnLocalFleet(t *testing.T) {
	tests := []struct{ name, script string }{
		{"billing", `
cfg = fleet.get_billing_service_config()
expect(cfg.billing_address == None and cfg.billing_dashboard_url == "", "disabled: no address, no dashboard")
expect(fleet.enable_billing_service(ADDRESS) == None, "enable_billing_service returns None")
cfg = fleet.get_billing_service_config(org_id=org.id)
expect(cfg.billing_address.city == "Springfield" and cfg.billing_dashboard_url != "", "get_billing_service_config")
expect(fleet.update_billing_service(billing_address=dict(ADDRESS, city="Shelbyville")) == None, "update returns None")
expect(fleet.get_billing_service_config().billing_address.city == "Shelbyville", "the address changed")
expect(fleet.disable_billing_service() == None, "disable_billing_service returns None")
expect(fleet.get_billing_service_config().billing_address == None, "disabled again")
`},
		{"support email and logo", `
expect(fleet.organization_get_support_email() == "", "no support email yet")
expect(fleet.organization_set_support_email("help@example.com") == None, "set returns None")
expect(fleet.organization_get_support_email(org_id=org.id) == "help@example.com", "organization_get_support_email")
expect(fleet.organization_get_logo() == "", "no logo yet")
expect(fleet.organization_set_logo(PNG) == None, "set returns None")
expect(fleet.organization_get_logo() == "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==", "the logo as a data: URL")
cfg = fleet.get_billing_service_config()
expect(cfg.support_email == "help@example.com" and cfg.logo_url.startswith("data:image/png"), "both in the billing config")
`},
		{"oauth apps", `
expect(fleet.enable_auth_service() == None, "enable_auth_service returns None")
client_id, secret = fleet.create_oauth_app("Portal", OAUTH)
expect(type(client_id) == "string" and type(secret) == "string" and len(secret) == 32, "create_oauth_app returns (id, secret)")
app = fleet.read_oauth_app(client_id)
expect(app.client_name == "Portal" and app.client_secret == "", "read_oauth_app hides the secret")
expect(app.oauth_config.pkce == "PKCE_NOT_REQUIRED", "enums by short name")
expect(list(app.oauth_config.enabled_grants) == ["ENABLED_GRANT_AUTHORIZATION_CODE", "ENABLED_GRANT_PASSWORD"], "grants")
expect(list(fleet.list_oauth_apps()) == [client_id], "list_oauth_apps returns client ids")
expect(fleet.update_oauth_app(client_id, "Portal 2", dict(OAUTH, pkce="PKCE_REQUIRED")) == None, "update returns None")
app = fleet.read_oauth_app(client_id=client_id, org_id=org.id)
expect(app.client_name == "Portal 2" and app.oauth_config.pkce == "PKCE_REQUIRED", "the update replaced name and config")
user = fleet.create_oauth_app_user(client_id, "ada@example.com", "Ada", "Lovelace", "correct horse")
expect(user.user_id != "" and user.registration_id != "" and user.auth_token != "", "create_oauth_app_user returns the response")
expect(fleet.delete_oauth_app(client_id) == None, "delete_oauth_app returns None")
expect(len(fleet.list_oauth_apps(org_id=org.id)) == 0, "the app is gone")
expect(fleet.disable_auth_service() == None, "disable_auth_service returns None")
`},
		{"firebase", `
expect(fleet.set_firebase_config("app-1", json.encode({"type": "service_account"})) == None, "set returns None")
expect(fleet.get_firebase_config() == "app-1", "get_firebase_config returns the app id")
expect(fleet.delete_firebase_config(app_id="app-1", org_id=org.id) == None, "delete returns None")
`},
		{"apps", `
module_id, _ = fleet.create_module("dash")
fleet.update_module(module_id, "https://example.com", "Dashboards", public=True, apps=[{
    "name": "fleet-dash", "type": "multi_machine", "entrypoint": "dist/index.html", "logo_path": "logo.png",
    "customizations": {"machine_picker": {"heading": "Pick a rover"}}, "allowed_org_ids": {"ids": [org.id]}}])
expect(fleet.get_module(module_id).apps[0].name == "fleet-dash", "update_module(apps=) declares apps")
fleet.upload_module_file({"module_id": module_id, "version": "0.1.0", "platform": "any"}, b"bundle")
c = fleet.get_app_content(org.public_namespace, "fleet-dash")
expect(c.blob_path == org.public_namespace + "/dash/0.1.0" and c.entrypoint == "dist/index.html", "get_app_content")
expect(c.app_type == "APP_TYPE_MULTI_MACHINE" and c.public, "app type and visibility")
b = fleet.get_app_branding(public_namespace=org.public_namespace, name="fleet-dash")
expect(b.logo_path == "logo.png" and list(b.allowed_org_ids) == [org.id], "get_app_branding")
expect(b.text_customizations["machine_picker"].fields["heading"] == "Pick a rover", "machine picker texts")
`},
		{"push tokens", `
expect(fleet.upload_device_push_token("app-1", "token-1", "phone") == None, "upload returns None")
fleet.upload_device_push_token(app_id="app-1", device_token="token-2", device_uuid="tablet")
expect(list(fleet.get_device_push_tokens("app-1")) == ["token-1", "token-2"], "get_device_push_tokens")
expect(fleet.delete_device_push_token("app-1", "phone") == None, "delete returns None")
expect(list(fleet.get_device_push_tokens(app_id="app-1")) == ["token-2"], "the token is gone")
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := localHarness(t)
			h.mustExec(orgSettingsPrelude + tt.script)
		})
	}
}

// TestOrgSettingsErrorsOnLocalFleet: what the server refuses, with its code.
func TestOrgSettingsErrorsOnLocalFleet(t *testing.T) {
	h, _ := localHarness(t)
	h.mustExec(orgSettingsPrelude)
	// want is the start of the message after the method's name: the
	// server's code, or what the method refuses before calling.
	tests := []struct{ method, call, want string }{
		{"enable_billing_service", `fleet.enable_billing_service(dict(ADDRESS, zipcode=""))`, "INVALID_ARGUMENT"},
		{"disable_billing_service", `fleet.disable_billing_service()`, "FAILED_PRECONDITION"},
		{"update_billing_service", `fleet.update_billing_service(ADDRESS)`, "FAILED_PRECONDITION"},
		{"get_billing_service_config", `fleet.get_billing_service_config(org_id=MISSING)`, "NOT_FOUND"},
		{"organization_set_support_email", `fleet.organization_set_support_email("help")`, "INVALID_ARGUMENT"},
		{"organization_get_support_email", `fleet.organization_get_support_email(org_id=MISSING)`, "NOT_FOUND"},
		{"organization_set_logo", `fleet.organization_set_logo(b"not an image")`, "INVALID_ARGUMENT"},
		{"organization_get_logo", `fleet.organization_get_logo(org_id=MISSING)`, "NOT_FOUND"},
		{"enable_auth_service", `fleet.enable_auth_service(org_id=MISSING)`, "NOT_FOUND"},
		{"disable_auth_service", `fleet.disable_auth_service()`, "FAILED_PRECONDITION"},
		{"create_oauth_app", `fleet.create_oauth_app("Portal", OAUTH)`, "FAILED_PRECONDITION"},
		{"read_oauth_app", `fleet.read_oauth_app(MISSING)`, "FAILED_PRECONDITION"},
		{"update_oauth_app", `fleet.update_oauth_app(MISSING, "x", OAUTH)`, "FAILED_PRECONDITION"},
		{"delete_oauth_app", `fleet.delete_oauth_app("not-a-client-id")`, "INVALID_ARGUMENT"},
		{"list_oauth_apps", `fleet.list_oauth_apps()`, "FAILED_PRECONDITION"},
		{"create_oauth_app_user", `fleet.create_oauth_app_user(MISSING, "a@example.com", "A", "B", "password")`, "FAILED_PRECONDITION"},
		{"get_app_content", `fleet.get_app_content(org.public_namespace, "nothing")`, "NOT_FOUND"},
		{"get_app_branding", `fleet.get_app_branding("Bad Namespace", "x")`, "INVALID_ARGUMENT"},
		{"upload_device_push_token", `fleet.upload_device_push_token("app", "token", "phone", org_id=org.id)`, `unexpected keyword argument "org_id"`},
		{"delete_device_push_token", `fleet.delete_device_push_token("app-1", "phone")`, "NOT_FOUND"},
		{"get_device_push_tokens", `fleet.get_device_push_tokens("")`, "app_id: must not be empty"},
		{"set_firebase_config", `fleet.set_firebase_config("app-1", "[1]")`, "INVALID_ARGUMENT"},
		{"get_firebase_config", `fleet.get_firebase_config()`, "NOT_FOUND"},
		{"delete_firebase_config", `fleet.delete_firebase_config("app-1")`, "NOT_FOUND"},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			msg := h.execErr(orgSettingsPrelude + "MISSING = \"00000000-0000-4000-8000-000000000000\"\n" + tt.call)
			if want := "fleet." + tt.method + ": " + tt.want; !strings.HasPrefix(msg, want) {
				t.Errorf("error %q, want it to start with %q", msg, want)
			}
		})
	}
}

// TestOrgSettingsRolesOnLocalFleet: an organization operator reads the
// support email but cannot set it; a machine operator reaches neither.
func TestOrgSettingsRolesOnLocalFleet(t *testing.T) {
	srv, conn := localFleet(t, localfleet.Options{})
	owner := newHarness(t, conn, builtins.Options{})
	g := owner.mustExec(orgSettingsPrelude + `
robot = fleet.list_robots(fleet.list_locations()[0].id)[0]
op_key, op_id = fleet.create_key([{"role": "operator", "resource_type": "organization", "resource_id": org.id}], "op")
robot_key, robot_id = fleet.create_key([{"role": "operator", "resource_type": "robot", "resource_id": robot.id}], "bot")
fleet.organization_set_support_email("help@example.com")
`)
	str := func(name string) string { return string(g[name].(starlark.String)) }
	cc, err := srv.Dial(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	tests := []struct {
		who, keyID, key string
		set, get        string // "" = allowed, else the error's start
	}{
		{"org operator", str("op_id"), str("op_key"), `PERMISSION_DENIED: permission denied: missing "write_organization"`, ""},
		{"machine operator", str("robot_id"), str("robot_key"), `PERMISSION_DENIED: permission denied: missing "write_organization"`,
			`PERMISSION_DENIED: permission denied: missing "read_organization"`},
	}
	for _, tt := range tests {
		t.Run(tt.who, func(t *testing.T) {
			h := newHarness(t, login(t, cc, tt.keyID, tt.key), builtins.Options{})
			for call, want := range map[string]string{
				`fleet.organization_set_support_email("x@example.com")`: tt.set,
				`fleet.organization_get_support_email()`:                tt.get,
			} {
				_, err := h.exec(call)
				switch {
				case want == "" && err != nil:
					t.Errorf("%s: %v", call, err)
				case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
					t.Errorf("%s: error %v, want %q", call, err, want)
				}
			}
		})
	}
}

// TestDryRunRedactsSecrets: --dry-run prints requests but never a password,
// a Firebase credential or a push token.
func TestDryRunRedactsSecrets(t *testing.T) {
	h, _ := localHarness(t)
	h.env.DryRun = true
	h.mustExec(`
fleet.create_oauth_app_user("00000000-0000-4000-8000-000000000000", "a@example.com", "A", "B", "hunter2hunter2")
fleet.set_firebase_config("app-1", '{"private_key": "PRIVATE"}')
fleet.upload_device_push_token("app-1", "DEVICE-TOKEN", "phone")
`)
	out := h.out.String()
	for _, secret := range []string{"hunter2hunter2", "PRIVATE", "DEVICE-TOKEN"} {
		if strings.Contains(out, secret) {
			t.Errorf("dry-run output shows %q:\n%s", secret, out)
		}
	}
	if n := strings.Count(out, "<redacted>"); n != 3 {
		t.Errorf("dry-run output has %d redactions, want 3:\n%s", n, out)
	}
}
