package localfleet

import (
	"context"
	"database/sql"
	"fmt"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

const orgColumns = `id, name, COALESCE(public_namespace, ''), created_on, default_region, cid, default_fragments, allowed_login_methods`

func scanOrganization(row interface{ Scan(...any) error }) (*apppb.Organization, error) {
	var (
		o                 apppb.Organization
		created           int64
		cid               sql.NullString
		fragments, logins []byte
	)
	if err := row.Scan(&o.Id, &o.Name, &o.PublicNamespace, &created, &o.DefaultRegion, &cid, &fragments, &logins); err != nil {
		return nil, err
	}
	o.CreatedOn = timestamppb.New(nanos(created))
	if cid.Valid {
		o.Cid = &cid.String
	}
	if fragments != nil {
		o.DefaultFragments = &apppb.FragmentImportList{}
		if err := proto.Unmarshal(fragments, o.DefaultFragments); err != nil {
			return nil, fmt.Errorf("organization %q default_fragments: %w", o.Id, err)
		}
	}
	if logins != nil {
		o.AllowedLoginMethods = &apppb.AllowedLoginMethods{}
		if err := proto.Unmarshal(logins, o.AllowedLoginMethods); err != nil {
			return nil, fmt.Errorf("organization %q allowed_login_methods: %w", o.Id, err)
		}
	}
	return &o, nil
}

// ListOrganizations returns the organizations the caller holds any grant in,
// in the order they were created.
func (s *service) ListOrganizations(ctx context.Context, _ *apppb.ListOrganizationsRequest) (*apppb.ListOrganizationsResponse, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+orgColumns+` FROM organizations
WHERE id IN (SELECT org_id FROM grants WHERE identity_id = ?) ORDER BY rowid`, callerOf(ctx).keyID)
	if err != nil {
		return nil, storageError("list organizations", err)
	}
	defer rows.Close()
	resp := &apppb.ListOrganizationsResponse{}
	for rows.Next() {
		o, err := scanOrganization(rows)
		if err != nil {
			return nil, storageError("list organizations", err)
		}
		resp.Organizations = append(resp.Organizations, o)
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("list organizations", err)
	}
	return resp, nil
}

func (s *service) GetOrganization(ctx context.Context, req *apppb.GetOrganizationRequest) (*apppb.GetOrganizationResponse, error) {
	if _, err := s.requireOrgField(ctx, "organization_id", req.GetOrganizationId(), permReadOrganization); err != nil {
		return nil, err
	}
	o, err := s.loadOrganization(ctx, s.db, req.GetOrganizationId())
	if err != nil {
		return nil, err
	}
	return &apppb.GetOrganizationResponse{Organization: o}, nil
}

func (s *service) loadOrganization(ctx context.Context, q querier, id string) (*apppb.Organization, error) {
	o, err := scanOrganization(q.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organizations WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, notFound("organization", id)
	}
	if err != nil {
		return nil, storageError("get organization", err)
	}
	return o, nil
}

// CreateOrganization creates an organization and makes the calling key its
// owner, so that the caller can use what it created.
func (s *service) CreateOrganization(ctx context.Context, req *apppb.CreateOrganizationRequest) (*apppb.CreateOrganizationResponse, error) {
	if err := checkName("name", req.GetName()); err != nil {
		return nil, err
	}
	var id string
	err := inTx(ctx, s.db, func(tx *txn) error {
		var err error
		id, err = s.insertOrganization(ctx, tx, req.GetName(), "")
		if err != nil {
			return err
		}
		return s.insertGrant(ctx, tx, callerOf(ctx).keyID, identityAPIKey,
			grant{orgID: id, role: roleOwner, resourceType: resourceOrganization, resourceID: id})
	})
	if err != nil {
		return nil, storageError("create organization", err)
	}
	s.auth.invalidate()
	o, err := s.loadOrganization(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	return &apppb.CreateOrganizationResponse{Organization: o}, nil
}

func (s *service) insertOrganization(ctx context.Context, tx *txn, name, namespace string) (string, error) {
	id := s.ids.UUID()
	var ns any
	if namespace != "" {
		ns = namespace
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO organizations (id, name, public_namespace, created_on) VALUES (?, ?, ?, ?)`,
		id, name, ns, s.clock.Now().UnixNano())
	if err != nil {
		return "", fmt.Errorf("insert organization %q: %w", name, err)
	}
	return id, nil
}

func (s *service) GetOrganizationNamespaceAvailability(ctx context.Context, req *apppb.GetOrganizationNamespaceAvailabilityRequest) (*apppb.GetOrganizationNamespaceAvailabilityResponse, error) {
	if err := checkNamespace("public_namespace", req.GetPublicNamespace()); err != nil {
		return nil, err
	}
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations WHERE public_namespace = ?`, req.GetPublicNamespace()).Scan(&n)
	if err != nil {
		return nil, storageError("check namespace", err)
	}
	return &apppb.GetOrganizationNamespaceAvailabilityResponse{Available: n == 0}, nil
}

// GetRoverRentalRobots: the local fleet rents no rovers, so the list is
// empty for any organization the caller can read.
func (s *service) GetRoverRentalRobots(ctx context.Context, req *apppb.GetRoverRentalRobotsRequest) (*apppb.GetRoverRentalRobotsResponse, error) {
	if _, err := s.requireOrgField(ctx, "org_id", req.GetOrgId(), permReadOrganization); err != nil {
		return nil, err
	}
	return &apppb.GetRoverRentalRobotsResponse{}, nil
}
