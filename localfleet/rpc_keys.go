package localfleet

import (
	"context"
	"database/sql"
	"fmt"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// keyGrants validates the authorizations of a key to create: at least one,
// no identity set, all in one organization, each on a resource the caller
// owns.
func (s *service) keyGrants(ctx context.Context, auths []*apppb.Authorization) ([]grant, error) {
	if len(auths) == 0 {
		return nil, invalidArgf("authorizations: at least one authorization is required")
	}
	out := make([]grant, 0, len(auths))
	for i, a := range auths {
		field := fmt.Sprintf("authorizations[%d]", i)
		if a.GetIdentityId() != "" {
			return nil, invalidArgf("%s.identity_id: must be empty when creating a key (the key is the identity)", field)
		}
		g, err := s.grantFromAuthorization(ctx, field, a)
		if err != nil {
			return nil, err
		}
		if len(out) > 0 && g.orgID != out[0].orgID {
			return nil, invalidArgf("%s.organization_id: a key belongs to one organization; %q differs from %q", field, g.orgID, out[0].orgID)
		}
		out = append(out, g)
	}
	return out, nil
}

// createKey stores a key with the grants and returns its id and secret.
func (s *service) createKey(ctx context.Context, name string, grants []grant) (id, secret string, err error) {
	if name == "" {
		name = s.clock.Now().Format("2006-01-02T15:04:05Z")
	} else if err := checkName("name", name); err != nil {
		return "", "", err
	}
	secret = s.ids.Secret()
	err = inTx(ctx, s.db, func(tx *txn) error {
		id, err = s.insertKey(ctx, tx, grants[0].orgID, name, secret, false, grants)
		return err
	})
	if err != nil {
		return "", "", storageError("create key", err)
	}
	s.auth.invalidate()
	return id, secret, nil
}

// CreateKey creates an API key; its secret is in this response only.
func (s *service) CreateKey(ctx context.Context, req *apppb.CreateKeyRequest) (*apppb.CreateKeyResponse, error) {
	grants, err := s.keyGrants(ctx, req.GetAuthorizations())
	if err != nil {
		return nil, err
	}
	id, secret, err := s.createKey(ctx, req.GetName(), grants)
	if err != nil {
		return nil, err
	}
	return &apppb.CreateKeyResponse{Id: id, Key: secret}, nil
}

// keyRow is a stored key without its secret.
type keyRow struct {
	id, orgID, name string
	created         int64
}

func (s *service) loadKey(ctx context.Context, id string) (keyRow, error) {
	k := keyRow{id: id}
	err := s.db.QueryRowContext(ctx, `SELECT org_id, name, created_on FROM api_keys WHERE id = ?`, id).Scan(&k.orgID, &k.name, &k.created)
	if err == sql.ErrNoRows {
		return k, notFound("API key", id)
	}
	if err != nil {
		return k, storageError("get API key", err)
	}
	return k, nil
}

// requireManageKey checks that the caller may manage the key: an owner of
// its organization, or an owner of every resource it holds a role on (a
// location owner manages the keys it made for its location). It returns
// the key's grants.
func (s *service) requireManageKey(ctx context.Context, k keyRow) ([]grant, error) {
	grants, err := loadGrants(ctx, s.db, k.id)
	if err != nil {
		return nil, storageError("load key grants", err)
	}
	if s.can(ctx, permWriteOrganization, orgScope(k.orgID)) {
		return grants, nil
	}
	if len(grants) == 0 {
		return nil, permissionDenied(permWriteOrganization, orgScope(k.orgID))
	}
	for i, g := range grants {
		_, sc, err := s.resolveGrant(ctx, fmt.Sprintf("id: authorization %d", i), g.role, g.resourceType, g.resourceID, g.orgID)
		if err != nil {
			return nil, err
		}
		if err := s.require(ctx, managePermission(g.resourceType), sc); err != nil {
			return nil, err
		}
	}
	return grants, nil
}

// CreateKeyFromExistingKeyAuthorizations makes a new key with the grants of
// an existing one; the caller must own every resource they cover.
func (s *service) CreateKeyFromExistingKeyAuthorizations(ctx context.Context, req *apppb.CreateKeyFromExistingKeyAuthorizationsRequest) (*apppb.CreateKeyFromExistingKeyAuthorizationsResponse, error) {
	if err := checkUUID("id", "API key", req.GetId()); err != nil {
		return nil, err
	}
	k, err := s.loadKey(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	grants, err := s.requireManageKey(ctx, k)
	if err != nil {
		return nil, err
	}
	if len(grants) == 0 {
		return nil, preconditionf("id: API key %q holds no authorization to copy", k.id)
	}
	id, secret, err := s.createKey(ctx, k.name, grants)
	if err != nil {
		return nil, err
	}
	return &apppb.CreateKeyFromExistingKeyAuthorizationsResponse{Id: id, Key: secret}, nil
}

// DeleteKey deletes a key and its grants; tokens it was given stop working.
// The caller must manage the key (requireManageKey).
func (s *service) DeleteKey(ctx context.Context, req *apppb.DeleteKeyRequest) (*apppb.DeleteKeyResponse, error) {
	if err := checkUUID("id", "API key", req.GetId()); err != nil {
		return nil, err
	}
	k, err := s.loadKey(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	if _, err := s.requireManageKey(ctx, k); err != nil {
		return nil, err
	}
	err = inTx(ctx, s.db, func(tx *txn) error {
		if err := deleteIdentityGrants(ctx, tx, k.orgID, k.id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM api_keys WHERE id = ?`, k.id)
		return err
	})
	if err != nil {
		return nil, storageError("delete key", err)
	}
	s.auth.invalidate()
	return &apppb.DeleteKeyResponse{}, nil
}

// ListKeys lists the organization's keys (never their secrets) with their
// authorizations. Keys are credentials, so only organization owners see them.
func (s *service) ListKeys(ctx context.Context, req *apppb.ListKeysRequest) (*apppb.ListKeysResponse, error) {
	orgID, err := s.requireOrgField(ctx, "org_id", req.GetOrgId(), permWriteOrganization)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT k.id, k.name, k.created_on, g.role, g.resource_type, g.resource_id
FROM api_keys k LEFT JOIN grants g ON g.identity_id = k.id WHERE k.org_id = ? ORDER BY k.rowid, g.rowid`, orgID)
	if err != nil {
		return nil, storageError("list keys", err)
	}
	defer rows.Close()
	resp := &apppb.ListKeysResponse{}
	var cur *apppb.APIKeyWithAuthorizations
	for rows.Next() {
		var (
			id, name                       string
			created                        int64
			role, resourceType, resourceID sql.NullString
		)
		if err := rows.Scan(&id, &name, &created, &role, &resourceType, &resourceID); err != nil {
			return nil, storageError("list keys", err)
		}
		if cur == nil || cur.ApiKey.Id != id {
			cur = &apppb.APIKeyWithAuthorizations{ApiKey: &apppb.APIKey{Id: id, Name: name, CreatedOn: timestamppb.New(nanos(created))}}
			resp.ApiKeys = append(resp.ApiKeys, cur)
		}
		if role.Valid {
			cur.Authorizations = append(cur.Authorizations, authorizationDetailsOf(grant{
				orgID: orgID, role: role.String, resourceType: resourceType.String, resourceID: resourceID.String,
			}))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("list keys", err)
	}
	return resp, nil
}
