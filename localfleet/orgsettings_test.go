package localfleet

import (
	"bytes"
	"strings"
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// pngLogo is the PNG signature and a header chunk's start: enough for
// content sniffing to call it image/png.
var pngLogo = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

func address(city string) *apppb.BillingAddress {
	return &apppb.BillingAddress{AddressLine_1: "1 Main St", City: city, State: "NY", Zipcode: "10001", Country: "US"}
}

func (f *testFleet) billingConfig() *apppb.GetBillingServiceConfigResponse {
	f.t.Helper()
	cfg, err := f.app.GetBillingServiceConfig(ctx, &apppb.GetBillingServiceConfigRequest{OrgId: f.orgID})
	if err != nil {
		f.t.Fatalf("GetBillingServiceConfig: %v", err)
	}
	return cfg
}

func TestBillingService(t *testing.T) {
	f := demoFleet(t)
	if cfg := f.billingConfig(); cfg.BillingAddress != nil || cfg.BillingDashboardUrl != "" {
		t.Fatalf("config of a disabled billing service = %v", cfg)
	}
	_, err := f.app.UpdateBillingService(ctx, &apppb.UpdateBillingServiceRequest{OrgId: f.orgID, BillingAddress: address("Boston")})
	wantCode(t, err, codes.FailedPrecondition, "enable it first")

	if _, err := f.app.EnableBillingService(ctx, &apppb.EnableBillingServiceRequest{OrgId: f.orgID, BillingAddress: address("New York")}); err != nil {
		t.Fatal(err)
	}
	cfg := f.billingConfig()
	if !proto.Equal(cfg.BillingAddress, address("New York")) || !strings.Contains(cfg.BillingDashboardUrl, f.orgID) {
		t.Fatalf("config after enabling = %v", cfg)
	}
	_, err = f.app.EnableBillingService(ctx, &apppb.EnableBillingServiceRequest{OrgId: f.orgID, BillingAddress: address("New York")})
	wantCode(t, err, codes.AlreadyExists, "already has the billing service")

	if _, err := f.app.UpdateBillingService(ctx, &apppb.UpdateBillingServiceRequest{OrgId: f.orgID, BillingAddress: address("Boston")}); err != nil {
		t.Fatal(err)
	}
	if got := f.billingConfig().BillingAddress.GetCity(); got != "Boston" {
		t.Fatalf("city after update = %q", got)
	}
	if _, err := f.app.DisableBillingService(ctx, &apppb.DisableBillingServiceRequest{OrgId: f.orgID}); err != nil {
		t.Fatal(err)
	}
	if cfg := f.billingConfig(); cfg.BillingAddress != nil {
		t.Fatalf("config after disabling = %v", cfg)
	}
	_, err = f.app.DisableBillingService(ctx, &apppb.DisableBillingServiceRequest{OrgId: f.orgID})
	wantCode(t, err, codes.FailedPrecondition, "does not have the billing service")
}

func TestSupportEmailAndLogo(t *testing.T) {
	f := demoFleet(t)
	email, err := f.app.OrganizationGetSupportEmail(ctx, &apppb.OrganizationGetSupportEmailRequest{OrgId: f.orgID})
	if err != nil || email.Email != "" {
		t.Fatalf("OrganizationGetSupportEmail before setting = %v, %v", email, err)
	}
	logo, err := f.app.OrganizationGetLogo(ctx, &apppb.OrganizationGetLogoRequest{OrgId: f.orgID})
	if err != nil || logo.Url != "" {
		t.Fatalf("OrganizationGetLogo before setting = %v, %v", logo, err)
	}
	// Setting one keeps the other.
	if _, err := f.app.OrganizationSetLogo(ctx, &apppb.OrganizationSetLogoRequest{OrgId: f.orgID, Logo: pngLogo}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.OrganizationSetSupportEmail(ctx, &apppb.OrganizationSetSupportEmailRequest{OrgId: f.orgID, Email: "help@example.com"}); err != nil {
		t.Fatal(err)
	}
	email, err = f.app.OrganizationGetSupportEmail(ctx, &apppb.OrganizationGetSupportEmailRequest{OrgId: f.orgID})
	if err != nil || email.Email != "help@example.com" {
		t.Fatalf("OrganizationGetSupportEmail = %v, %v", email, err)
	}
	logo, err = f.app.OrganizationGetLogo(ctx, &apppb.OrganizationGetLogoRequest{OrgId: f.orgID})
	if err != nil || logo.Url != "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==" {
		t.Fatalf("OrganizationGetLogo = %v, %v", logo, err)
	}
	if cfg := f.billingConfig(); cfg.SupportEmail != "help@example.com" || cfg.LogoUrl != logo.Url {
		t.Fatalf("GetBillingServiceConfig = %v, want the support email and logo", cfg)
	}
}

func TestOrgSettingsErrors(t *testing.T) {
	f := demoFleet(t)
	tests := []errorCase{
		{"malformed org", func() error {
			_, err := f.app.OrganizationGetSupportEmail(ctx, &apppb.OrganizationGetSupportEmailRequest{OrgId: "nope"})
			return err
		}, codes.InvalidArgument, "org_id"},
		{"empty org", func() error {
			_, err := f.app.GetBillingServiceConfig(ctx, &apppb.GetBillingServiceConfigRequest{})
			return err
		}, codes.InvalidArgument, "org_id"},
		{"unknown org", func() error {
			_, err := f.app.OrganizationGetLogo(ctx, &apppb.OrganizationGetLogoRequest{OrgId: unknownUUID})
			return err
		}, codes.NotFound, "organization"},
		{"no address", func() error {
			_, err := f.app.EnableBillingService(ctx, &apppb.EnableBillingServiceRequest{OrgId: f.orgID})
			return err
		}, codes.InvalidArgument, "billing_address"},
		{"address without city", func() error {
			_, err := f.app.UpdateBillingService(ctx, &apppb.UpdateBillingServiceRequest{OrgId: f.orgID, BillingAddress: address(" ")})
			return err
		}, codes.InvalidArgument, "billing_address.city"},
		{"bad email", func() error {
			_, err := f.app.OrganizationSetSupportEmail(ctx, &apppb.OrganizationSetSupportEmailRequest{OrgId: f.orgID, Email: "help"})
			return err
		}, codes.InvalidArgument, "email"},
		{"empty logo", func() error {
			_, err := f.app.OrganizationSetLogo(ctx, &apppb.OrganizationSetLogoRequest{OrgId: f.orgID})
			return err
		}, codes.InvalidArgument, "no image bytes"},
		{"logo not an image", func() error {
			_, err := f.app.OrganizationSetLogo(ctx, &apppb.OrganizationSetLogoRequest{OrgId: f.orgID, Logo: []byte("hello")})
			return err
		}, codes.InvalidArgument, "text/plain"},
		{"logo too big", func() error {
			big := append(bytes.Clone(pngLogo), make([]byte, maxLogo)...)
			_, err := f.app.OrganizationSetLogo(ctx, &apppb.OrganizationSetLogoRequest{OrgId: f.orgID, Logo: big})
			return err
		}, codes.InvalidArgument, "200 KB"},
	}
	runErrorCases(t, tests)
}

// TestOrgSettingsRoles: organization settings are the organization
// owner's; operators read the support email but change nothing, and a key
// of another organization reaches nothing.
func TestOrgSettingsRoles(t *testing.T) {
	f := demoFleet(t)
	clients := map[string]apppb.AppServiceClient{"owner": f.app}
	clients["org operator"], _ = f.keyWith(f.auth("operator", "organization", f.orgID))
	clients["location owner"], _ = f.keyWith(f.auth("owner", "location", f.locationID("Warehouse")))
	clients["other org's owner"] = f.orgKey("owner", f.ownedOrg("Other").Id)

	set := func(c apppb.AppServiceClient) error {
		_, err := c.OrganizationSetSupportEmail(ctx, &apppb.OrganizationSetSupportEmailRequest{OrgId: f.orgID, Email: "help@example.com"})
		return err
	}
	get := func(c apppb.AppServiceClient) error {
		_, err := c.OrganizationGetSupportEmail(ctx, &apppb.OrganizationGetSupportEmailRequest{OrgId: f.orgID})
		return err
	}
	tests := []struct {
		who       string
		set, read codes.Code
	}{
		{"owner", codes.OK, codes.OK},
		{"org operator", codes.PermissionDenied, codes.OK},
		{"location owner", codes.PermissionDenied, codes.PermissionDenied},
		{"other org's owner", codes.PermissionDenied, codes.PermissionDenied},
	}
	for _, tt := range tests {
		t.Run(tt.who, func(t *testing.T) {
			c := clients[tt.who]
			if err := set(c); tt.set == codes.OK && err != nil {
				t.Fatalf("set: %v", err)
			} else if tt.set != codes.OK {
				wantCode(t, err, tt.set, `"write_organization"`)
			}
			if err := get(c); tt.read == codes.OK && err != nil {
				t.Fatalf("get: %v", err)
			} else if tt.read != codes.OK {
				wantCode(t, err, tt.read, `"read_organization"`)
			}
		})
	}
}
