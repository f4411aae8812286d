package localfleet

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
)

// Organization settings an owner keeps: the white-label billing service,
// the support email and the logo. Writes need write_organization; the
// billing configuration is read with write_organization too (only owners
// see billing, API.md §7.2); support email and logo with read_organization.

// maxLogo is the largest logo accepted: the Viam CLI refuses files over
// 200 KB before calling, and the cloud's own limit is not documented.
const maxLogo = 200 << 10

// billingAddressRequest checks a request that sets an organization's
// billing address and returns the address encoded for storage.
func (s *service) billingAddressRequest(ctx context.Context, orgID string, a *apppb.BillingAddress) ([]byte, error) {
	if _, err := s.requireOrgField(ctx, "org_id", orgID, permWriteOrganization); err != nil {
		return nil, err
	}
	if err := checkBillingAddress(a); err != nil {
		return nil, err
	}
	blob, err := proto.Marshal(a)
	if err != nil {
		return nil, storageError("encode billing address", err)
	}
	return blob, nil
}

// checkBillingAddress requires every line of an address but the second.
func checkBillingAddress(a *apppb.BillingAddress) error {
	if a == nil {
		return invalidArgf("billing_address: an address is required")
	}
	for _, f := range []struct{ name, value string }{
		{"address_line_1", a.GetAddressLine_1()},
		{"city", a.GetCity()},
		{"state", a.GetState()},
		{"zipcode", a.GetZipcode()},
		{"country", a.GetCountry()},
	} {
		if strings.TrimSpace(f.value) == "" {
			return invalidArgf("billing_address.%s: must not be empty", f.name)
		}
	}
	return nil
}

// EnableBillingService turns on white-label billing with the address the
// organization bills from; enabling it twice is AlreadyExists.
func (s *service) EnableBillingService(ctx context.Context, req *apppb.EnableBillingServiceRequest) (*apppb.EnableBillingServiceResponse, error) {
	blob, err := s.billingAddressRequest(ctx, req.GetOrgId(), req.GetBillingAddress())
	if err != nil {
		return nil, err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO billing_services (org_id, address) VALUES (?, ?)`, req.GetOrgId(), blob)
	if isUniqueViolation(err) {
		return nil, alreadyExistsf("org_id: organization %q already has the billing service enabled; use UpdateBillingService to change its address", req.GetOrgId())
	}
	if err != nil {
		return nil, storageError("enable billing service", err)
	}
	return &apppb.EnableBillingServiceResponse{}, nil
}

// UpdateBillingService replaces the billing address of an enabled service.
func (s *service) UpdateBillingService(ctx context.Context, req *apppb.UpdateBillingServiceRequest) (*apppb.UpdateBillingServiceResponse, error) {
	blob, err := s.billingAddressRequest(ctx, req.GetOrgId(), req.GetBillingAddress())
	if err != nil {
		return nil, err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE billing_services SET address = ? WHERE org_id = ?`, blob, req.GetOrgId())
	if err != nil {
		return nil, storageError("update billing service", err)
	}
	if err := billingEnabled(res, req.GetOrgId()); err != nil {
		return nil, err
	}
	return &apppb.UpdateBillingServiceResponse{}, nil
}

func (s *service) DisableBillingService(ctx context.Context, req *apppb.DisableBillingServiceRequest) (*apppb.DisableBillingServiceResponse, error) {
	if _, err := s.requireOrgField(ctx, "org_id", req.GetOrgId(), permWriteOrganization); err != nil {
		return nil, err
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM billing_services WHERE org_id = ?`, req.GetOrgId())
	if err != nil {
		return nil, storageError("disable billing service", err)
	}
	if err := billingEnabled(res, req.GetOrgId()); err != nil {
		return nil, err
	}
	return &apppb.DisableBillingServiceResponse{}, nil
}

// billingEnabled turns a change that touched no row into FailedPrecondition.
func billingEnabled(res sql.Result, orgID string) error {
	if n, _ := res.RowsAffected(); n == 0 {
		return preconditionf("org_id: organization %q does not have the billing service enabled; enable it first", orgID)
	}
	return nil
}

// GetBillingServiceConfig answers for any organization: billing_address
// is unset and billing_dashboard_url empty while the billing service is
// disabled, so that a script can read the support email and logo alike.
func (s *service) GetBillingServiceConfig(ctx context.Context, req *apppb.GetBillingServiceConfigRequest) (*apppb.GetBillingServiceConfigResponse, error) {
	orgID := req.GetOrgId()
	if _, err := s.requireOrgField(ctx, "org_id", orgID, permWriteOrganization); err != nil {
		return nil, err
	}
	var (
		blob  []byte
		email string
		logo  []byte
	)
	err := s.db.QueryRowContext(ctx, `
SELECT b.address, COALESCE(br.support_email, ''), br.logo
FROM organizations o
LEFT JOIN billing_services b ON b.org_id = o.id
LEFT JOIN org_branding br ON br.org_id = o.id
WHERE o.id = ?`, orgID).Scan(&blob, &email, &logo)
	if err == sql.ErrNoRows {
		return nil, notFound("organization", orgID)
	}
	if err != nil {
		return nil, storageError("get billing service config", err)
	}
	resp := &apppb.GetBillingServiceConfigResponse{SupportEmail: email, LogoUrl: logoURL(logo)}
	if blob != nil {
		resp.BillingAddress = &apppb.BillingAddress{}
		if err := proto.Unmarshal(blob, resp.BillingAddress); err != nil {
			return nil, storageError("decode billing address", err)
		}
		resp.BillingDashboardUrl = billingDashboardURL(orgID)
	}
	return resp, nil
}

// billingDashboardURL names the organization's billing page the way
// moduleURL names module pages: on app.viam.com, since the local fleet
// serves no web pages of its own.
func billingDashboardURL(orgID string) string {
	return "https://app.viam.com/billing/" + orgID
}

func (s *service) OrganizationSetSupportEmail(ctx context.Context, req *apppb.OrganizationSetSupportEmailRequest) (*apppb.OrganizationSetSupportEmailResponse, error) {
	if _, err := s.requireOrgField(ctx, "org_id", req.GetOrgId(), permWriteOrganization); err != nil {
		return nil, err
	}
	if err := checkEmail("email", req.GetEmail()); err != nil {
		return nil, err
	}
	if err := s.setBranding(ctx, req.GetOrgId(), "support_email", req.GetEmail()); err != nil {
		return nil, err
	}
	return &apppb.OrganizationSetSupportEmailResponse{}, nil
}

// OrganizationGetSupportEmail returns "" when no support email was set.
func (s *service) OrganizationGetSupportEmail(ctx context.Context, req *apppb.OrganizationGetSupportEmailRequest) (*apppb.OrganizationGetSupportEmailResponse, error) {
	if _, err := s.requireOrgField(ctx, "org_id", req.GetOrgId(), permReadOrganization); err != nil {
		return nil, err
	}
	var email string
	err := s.db.QueryRowContext(ctx, `SELECT support_email FROM org_branding WHERE org_id = ?`, req.GetOrgId()).Scan(&email)
	if err != nil && err != sql.ErrNoRows {
		return nil, storageError("get support email", err)
	}
	return &apppb.OrganizationGetSupportEmailResponse{Email: email}, nil
}

// OrganizationSetLogo stores the image itself: PNG, JPEG, GIF, WebP or any
// other type Go's content sniffing calls image/*, up to maxLogo bytes.
func (s *service) OrganizationSetLogo(ctx context.Context, req *apppb.OrganizationSetLogoRequest) (*apppb.OrganizationSetLogoResponse, error) {
	if _, err := s.requireOrgField(ctx, "org_id", req.GetOrgId(), permWriteOrganization); err != nil {
		return nil, err
	}
	logo := req.GetLogo()
	switch {
	case len(logo) == 0:
		return nil, invalidArgf("logo: no image bytes were sent")
	case len(logo) > maxLogo:
		return nil, invalidArgf("logo: %d bytes is over the %d KB limit", len(logo), maxLogo>>10)
	case !strings.HasPrefix(logoType(logo), "image/"):
		return nil, invalidArgf("logo: the bytes are %s, not an image (want PNG, JPEG, GIF or WebP)", logoType(logo))
	}
	if err := s.setBranding(ctx, req.GetOrgId(), "logo", logo); err != nil {
		return nil, err
	}
	return &apppb.OrganizationSetLogoResponse{}, nil
}

// OrganizationGetLogo returns the logo as a data: URL, which names the
// image without a web server (the cloud returns a hosted URL); "" when no
// logo was set.
func (s *service) OrganizationGetLogo(ctx context.Context, req *apppb.OrganizationGetLogoRequest) (*apppb.OrganizationGetLogoResponse, error) {
	if _, err := s.requireOrgField(ctx, "org_id", req.GetOrgId(), permReadOrganization); err != nil {
		return nil, err
	}
	var logo []byte
	err := s.db.QueryRowContext(ctx, `SELECT logo FROM org_branding WHERE org_id = ?`, req.GetOrgId()).Scan(&logo)
	if err != nil && err != sql.ErrNoRows {
		return nil, storageError("get logo", err)
	}
	return &apppb.OrganizationGetLogoResponse{Url: logoURL(logo)}, nil
}

func logoType(logo []byte) string {
	return strings.TrimSuffix(http.DetectContentType(logo), "; charset=utf-8")
}

func logoURL(logo []byte) string {
	if len(logo) == 0 {
		return ""
	}
	return "data:" + logoType(logo) + ";base64," + base64.StdEncoding.EncodeToString(logo)
}

// setBranding sets one column of the organization's branding row, creating
// the row on first use. column is a constant of the callers.
func (s *service) setBranding(ctx context.Context, orgID, column string, value any) error {
	_, err := s.db.ExecContext(ctx, fmt.Sprintf(
		`INSERT INTO org_branding (org_id, %[1]s) VALUES (?, ?) ON CONFLICT (org_id) DO UPDATE SET %[1]s = excluded.%[1]s`, column),
		orgID, value)
	if isForeignKeyViolation(err) {
		return notFound("organization", orgID) // deleted since it was checked
	}
	if err != nil {
		return storageError("set "+strings.ReplaceAll(column, "_", " "), err)
	}
	return nil
}
