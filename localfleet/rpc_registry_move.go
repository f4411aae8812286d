package localfleet

import (
	"context"
	"database/sql"
	"strings"

	apppb "go.viam.com/api/app/v1"
)

// moveItem gives an item a new id (and organization); its versions and
// deprecations follow (ON UPDATE CASCADE). An id in use is AlreadyExists.
func (s *service) moveItem(ctx context.Context, r *registryRow, orgID, prefix, name string) (string, error) {
	id := prefix + ":" + name
	err := s.execItem(ctx, "move registry item", r.id, `UPDATE modules SET id = ?, org_id = ?, name = ?, updated_on = ? WHERE id = ?`,
		id, orgID, name, s.clock.Now().UnixNano(), r.id)
	if isUniqueViolation(err) { // the storage error keeps SQLite's message
		return "", alreadyExistsf("%s %q already exists", itemKind(r.typ), id)
	}
	return id, err
}

// RenameRegistryItem renames an item, which changes its id to
// "<same prefix>:<new name>". Machines configured with the old id keep it.
func (s *service) RenameRegistryItem(ctx context.Context, req *apppb.RenameRegistryItemRequest) (*apppb.RenameRegistryItemResponse, error) {
	r, err := s.requireItem(ctx, "item_id", req.GetItemId(), permWritePrivateRegistry)
	if err != nil {
		return nil, err
	}
	if err := checkItemName("new_name", r.typ, req.GetNewName()); err != nil {
		return nil, err
	}
	prefix, _, _ := strings.Cut(r.id, ":")
	id, err := s.moveItem(ctx, r, r.orgID, prefix, req.GetNewName())
	if err != nil {
		return nil, err
	}
	moved, err := s.loadRegistryRow(ctx, s.db, "registry item", id)
	if err != nil {
		return nil, err
	}
	item, err := s.oneRegistryItem(ctx, moved, false)
	if err != nil {
		return nil, err
	}
	return &apppb.RenameRegistryItemResponse{Item: item}, nil
}

// TransferRegistryItem moves an item to the organization that owns the
// namespace; its id becomes "<new namespace>:<name>". The caller must be
// allowed to change registry items in both organizations.
func (s *service) TransferRegistryItem(ctx context.Context, req *apppb.TransferRegistryItemRequest) (*apppb.TransferRegistryItemResponse, error) {
	r, err := s.requireItem(ctx, "item_id", req.GetItemId(), permWritePrivateRegistry)
	if err != nil {
		return nil, err
	}
	ns := req.GetNewPublicNamespace()
	if err := checkNamespace("new_public_namespace", ns); err != nil {
		return nil, err
	}
	var orgID string
	err = s.db.QueryRowContext(ctx, `SELECT id FROM organizations WHERE public_namespace = ?`, ns).Scan(&orgID)
	if err == sql.ErrNoRows {
		return nil, notFound("organization with public namespace", ns)
	}
	if err != nil {
		return nil, storageError("look up namespace", err)
	}
	if r.id == ns+":"+r.name {
		return nil, preconditionf("new_public_namespace: %q is already in namespace %q", r.id, ns)
	}
	if err := s.require(ctx, permWritePrivateRegistry, orgScope(orgID)); err != nil {
		return nil, err
	}
	if _, err := s.moveItem(ctx, r, orgID, ns, r.name); err != nil {
		return nil, err
	}
	return &apppb.TransferRegistryItemResponse{}, nil
}
