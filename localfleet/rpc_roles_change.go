package localfleet

import (
	"context"
	"fmt"

	apppb "go.viam.com/api/app/v1"
)

// ChangeRole swaps one grant for another in one transaction: the old one
// must be held (NotFound otherwise), the new one must not be (AlreadyExists;
// nothing changes), and the caller must own the resources of both, as for
// RemoveRole and AddRole. The identities may differ: a role can move from
// one member or key to another. Changing a grant into itself is a no-op.
func (s *service) ChangeRole(ctx context.Context, req *apppb.ChangeRoleRequest) (*apppb.ChangeRoleResponse, error) {
	oldA, newA := req.GetOldAuthorization(), req.GetNewAuthorization()
	oldG, err := s.grantFromAuthorization(ctx, "old_authorization", oldA)
	if err != nil {
		return nil, err
	}
	if err := checkUUID("old_authorization.identity_id", "identity", oldA.GetIdentityId()); err != nil {
		return nil, err
	}
	newG, err := s.grantFromAuthorization(ctx, "new_authorization", newA)
	if err != nil {
		return nil, err
	}
	kind, err := s.identityType(ctx, "new_authorization.identity_id", newG.orgID, newA.GetIdentityId())
	if err != nil {
		return nil, err
	}
	err = inTx(ctx, s.db, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM grants WHERE identity_id = ? AND role = ? AND resource_type = ? AND resource_id = ?`,
			oldA.GetIdentityId(), oldG.role, oldG.resourceType, oldG.resourceID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("old_authorization", fmt.Sprintf("%s %s on %s %s", oldA.GetIdentityId(), oldG.role, oldG.resourceType, oldG.resourceID))
		}
		res, err = tx.ExecContext(ctx, `INSERT INTO grants (id, org_id, identity_id, identity_type, role, resource_type, resource_id)
VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, s.ids.UUID(), newG.orgID, newA.GetIdentityId(), kind, newG.role, newG.resourceType, newG.resourceID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return alreadyExistsf("new_authorization: %s %q already holds %s on %s %q", kind, newA.GetIdentityId(), newG.role, newG.resourceType, newG.resourceID)
		}
		return nil
	})
	if err != nil {
		return nil, storageError("change role", err)
	}
	s.auth.invalidate()
	return &apppb.ChangeRoleResponse{}, nil
}
