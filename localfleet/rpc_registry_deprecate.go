package localfleet

import (
	"context"
	"strings"

	apppb "go.viam.com/api/app/v1"
)

// DeprecateRegistryItem marks an item deprecated with a message saying why
// (required). ListRegistryItems then hides it, except to its own
// organization with show_owned_deprecated. Deprecating twice is
// FailedPrecondition, so a script notices the item was already deprecated.
func (s *service) DeprecateRegistryItem(ctx context.Context, req *apppb.DeprecateRegistryItemRequest) (*apppb.DeprecateRegistryItemResponse, error) {
	r, err := s.requireItem(ctx, "item_id", req.GetItemId(), permWritePrivateRegistry)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.GetMessage()) == "" {
		return nil, invalidArgf("message: say why %q is deprecated and what to use instead", r.id)
	}
	if r.deprecated != nil {
		return nil, preconditionf("item_id: %q is already deprecated (%q)", r.id, r.deprecated.GetMessage())
	}
	now := s.clock.Now().UnixNano()
	err = s.execItem(ctx, "deprecate registry item", r.id, `UPDATE modules SET deprecated_on = ?, deprecation_message = ?, updated_on = ? WHERE id = ?`,
		now, req.GetMessage(), now, r.id)
	if err != nil {
		return nil, err
	}
	return &apppb.DeprecateRegistryItemResponse{}, nil
}

// UndeprecateRegistryItem clears an item's deprecation; FailedPrecondition
// if it is not deprecated.
func (s *service) UndeprecateRegistryItem(ctx context.Context, req *apppb.UndeprecateRegistryItemRequest) (*apppb.UndeprecateRegistryItemResponse, error) {
	r, err := s.requireItem(ctx, "item_id", req.GetItemId(), permWritePrivateRegistry)
	if err != nil {
		return nil, err
	}
	if r.deprecated == nil {
		return nil, preconditionf("item_id: %q is not deprecated", r.id)
	}
	err = s.execItem(ctx, "undeprecate registry item", r.id, `UPDATE modules SET deprecated_on = NULL, deprecation_message = '', updated_on = ? WHERE id = ?`,
		s.clock.Now().UnixNano(), r.id)
	if err != nil {
		return nil, err
	}
	return &apppb.UndeprecateRegistryItemResponse{}, nil
}

// requireVersion checks an uploaded version of an item the caller may
// change and reports whether it is deprecated.
func (s *service) requireVersion(ctx context.Context, itemID, version string) (*registryRow, bool, error) {
	r, err := s.requireItem(ctx, "item_id", itemID, permWritePrivateRegistry)
	if err != nil {
		return nil, false, err
	}
	if err := checkVersion("version", version); err != nil {
		return nil, false, err
	}
	var uploaded, deprecated bool
	err = s.db.QueryRowContext(ctx, `SELECT
	EXISTS (SELECT 1 FROM module_files WHERE module_id = ?1 AND version = ?2),
	EXISTS (SELECT 1 FROM registry_version_deprecations WHERE item_id = ?1 AND version = ?2)`, r.id, version).Scan(&uploaded, &deprecated)
	if err != nil {
		return nil, false, storageError("look up version", err)
	}
	if !uploaded {
		return nil, false, notFound("version of "+r.id, version)
	}
	return r, deprecated, nil
}

// DeprecateRegistryItemVersion marks one uploaded version deprecated, with
// a message (required); FailedPrecondition if it already is.
func (s *service) DeprecateRegistryItemVersion(ctx context.Context, req *apppb.DeprecateRegistryItemVersionRequest) (*apppb.DeprecateRegistryItemVersionResponse, error) {
	r, deprecated, err := s.requireVersion(ctx, req.GetItemId(), req.GetVersion())
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.GetMessage()) == "" {
		return nil, invalidArgf("message: say why version %s of %q is deprecated and what to use instead", req.GetVersion(), r.id)
	}
	if deprecated {
		return nil, preconditionf("version: %s of %q is already deprecated", req.GetVersion(), r.id)
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO registry_version_deprecations (item_id, version, deprecated_on, message) VALUES (?, ?, ?, ?)`,
		r.id, req.GetVersion(), s.clock.Now().UnixNano(), req.GetMessage())
	if isForeignKeyViolation(err) {
		return nil, notFound("registry item", r.id) // deleted or moved meanwhile
	}
	if err != nil {
		return nil, storageError("deprecate version", err)
	}
	return &apppb.DeprecateRegistryItemVersionResponse{}, nil
}

// UndeprecateRegistryItemVersion clears a version's deprecation;
// FailedPrecondition if it is not deprecated.
func (s *service) UndeprecateRegistryItemVersion(ctx context.Context, req *apppb.UndeprecateRegistryItemVersionRequest) (*apppb.UndeprecateRegistryItemVersionResponse, error) {
	r, deprecated, err := s.requireVersion(ctx, req.GetItemId(), req.GetVersion())
	if err != nil {
		return nil, err
	}
	if !deprecated {
		return nil, preconditionf("version: %s of %q is not deprecated", req.GetVersion(), r.id)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM registry_version_deprecations WHERE item_id = ? AND version = ?`, r.id, req.GetVersion()); err != nil {
		return nil, storageError("undeprecate version", err)
	}
	return &apppb.UndeprecateRegistryItemVersionResponse{}, nil
}
