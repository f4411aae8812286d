package localfleet

import (
	"context"

	packagespb "go.viam.com/api/app/packages/v1"
	apppb "go.viam.com/api/app/v1"
)

// Registry items: the registry RPCs over the catalogue in registry_store.go.
// Reading a private item needs read_private_registry_item in its
// organization; every change needs write_private_registry_item there
// (organization owners), and making an item public also
// write_public_registry_item.

const permWritePublicRegistry = "write_public_registry_item"

// requireItem validates an item id, loads the item and checks that the
// caller holds perm in its organization.
func (s *service) requireItem(ctx context.Context, field, id, perm string) (*registryRow, error) {
	if err := checkItemID(field, id); err != nil {
		return nil, err
	}
	r, err := s.loadRegistryRow(ctx, s.db, "registry item", id)
	if err != nil {
		return nil, err
	}
	return r, s.require(ctx, perm, orgScope(r.orgID))
}

// presentItem builds a stored item as a caller sees it, with build: as a
// registry item ((*registryRow).registryItem) or as a module
// ((*registryRow).moduleMessage). Markdown is included only when asked for;
// users come from registryUsage.
func presentItem[M any](ctx context.Context, s *service, r *registryRow, markdown bool, users registryUsers,
	build func(*registryRow, []*apppb.ModuleVersion, itemUsage) M) (M, error) {
	if !markdown {
		r = r.withoutMarkdown()
	}
	versions, err := s.loadVersions(ctx, r)
	if err != nil {
		var none M
		return none, err
	}
	return build(r, versions, users.of(r.id, r.orgID)), nil
}

// registryItemOf is presentItem as a registry item.
func (s *service) registryItemOf(ctx context.Context, r *registryRow, markdown bool, users registryUsers) (*apppb.RegistryItem, error) {
	return presentItem(ctx, s, r, markdown, users, (*registryRow).registryItem)
}

// oneRegistryItem is registryItemOf for a single item.
func (s *service) oneRegistryItem(ctx context.Context, r *registryRow, markdown bool) (*apppb.RegistryItem, error) {
	users, err := s.registryUsage(ctx)
	if err != nil {
		return nil, err
	}
	return s.registryItemOf(ctx, r, markdown, users)
}

// execItem runs one change to a registry item.
func (s *service) execItem(ctx context.Context, op, id, query string, args ...any) error {
	return s.execOne(ctx, op, "registry item", id, query, args...)
}

// GetRegistryItem returns an item of any type (modules included): public
// and unlisted ones to anyone, private ones to those who may read the
// organization's private registry items.
func (s *service) GetRegistryItem(ctx context.Context, req *apppb.GetRegistryItemRequest) (*apppb.GetRegistryItemResponse, error) {
	if err := checkItemID("item_id", req.GetItemId()); err != nil {
		return nil, err
	}
	r, err := s.loadRegistryRow(ctx, s.db, "registry item", req.GetItemId())
	if err != nil {
		return nil, err
	}
	if r.vis == apppb.Visibility_VISIBILITY_PRIVATE {
		if err := s.require(ctx, permReadPrivateRegistry, orgScope(r.orgID)); err != nil {
			return nil, err
		}
	}
	item, err := s.oneRegistryItem(ctx, r, req.GetIncludeMarkdownDocumentation())
	if err != nil {
		return nil, err
	}
	return &apppb.GetRegistryItemResponse{Item: item}, nil
}

// CreateRegistryItem creates a private item of any type; a module made
// here is the same as one made by CreateModule.
func (s *service) CreateRegistryItem(ctx context.Context, req *apppb.CreateRegistryItemRequest) (*apppb.CreateRegistryItemResponse, error) {
	if _, err := s.createItem(ctx, req.GetOrganizationId(), req.GetType(), req.GetName()); err != nil {
		return nil, err
	}
	return &apppb.CreateRegistryItemResponse{}, nil
}

// createItem validates a request for a new private item of the type in the
// organization (CreateModule, CreateRegistryItem), stores the item under
// the organization's namespace, and returns its id.
func (s *service) createItem(ctx context.Context, orgID string, typ packagespb.PackageType, name string) (string, error) {
	if err := checkUUID("organization_id", "organization", orgID); err != nil {
		return "", err
	}
	if err := checkEnum("type", typ); err != nil {
		return "", err
	}
	if err := checkItemName("name", typ, name); err != nil {
		return "", err
	}
	if err := s.requireOrg(ctx, permWritePrivateRegistry, orgID); err != nil {
		return "", err
	}
	org, err := s.loadOrganization(ctx, s.db, orgID)
	if err != nil {
		return "", err
	}
	var id string
	err = inTx(ctx, s.db, func(tx *txn) error {
		id, err = s.insertRegistryItem(ctx, tx, orgID, org.PublicNamespace, name, typ)
		return err
	})
	if err != nil {
		return "", storageError("create "+itemKind(typ), err)
	}
	return id, nil
}

// DeleteRegistryItem deletes an item with its uploaded versions.
func (s *service) DeleteRegistryItem(ctx context.Context, req *apppb.DeleteRegistryItemRequest) (*apppb.DeleteRegistryItemResponse, error) {
	r, err := s.requireItem(ctx, "item_id", req.GetItemId(), permWritePrivateRegistry)
	if err != nil {
		return nil, err
	}
	if err := s.execItem(ctx, "delete registry item", r.id, `DELETE FROM modules WHERE id = ?`, r.id); err != nil {
		return nil, err
	}
	return &apppb.DeleteRegistryItemResponse{}, nil
}
