package localfleet

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	mltrainingpb "go.viam.com/api/app/mltraining/v1"
	packagespb "go.viam.com/api/app/packages/v1"
	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Registry items: the registry RPCs over the catalogue in registry_store.go.
// Reading a private item needs read_private_registry_item in its
// organization; every change needs write_private_registry_item there
// (organization owners), and making an item public also
// write_public_registry_item.

const permWritePublicRegistry = "write_public_registry_item"

// checkEnums is checkEnum (rpc_oauth.go) for each value of a list.
func checkEnums[E protoreflect.Enum](field string, vs []E) error {
	for i, v := range vs {
		if err := checkEnum(fmt.Sprintf("%s[%d]", field, i), v); err != nil {
			return err
		}
	}
	return nil
}

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

// registryItemOf builds the item as a caller sees it, markdown only when
// asked for; users come from registryUsage.
func (s *service) registryItemOf(ctx context.Context, r *registryRow, markdown bool, users registryUsers) (*apppb.RegistryItem, error) {
	if !markdown {
		r = r.withoutMarkdown()
	}
	versions, err := s.loadVersions(ctx, r)
	if err != nil {
		return nil, err
	}
	return r.registryItem(versions, users.of(r.id, r.orgID)), nil
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
	orgID := req.GetOrganizationId()
	if err := checkUUID("organization_id", "organization", orgID); err != nil {
		return nil, err
	}
	if err := checkEnum("type", req.GetType()); err != nil {
		return nil, err
	}
	if err := checkItemName("name", req.GetType(), req.GetName()); err != nil {
		return nil, err
	}
	if err := s.requireOrg(ctx, permWritePrivateRegistry, orgID); err != nil {
		return nil, err
	}
	org, err := s.loadOrganization(ctx, s.db, orgID)
	if err != nil {
		return nil, err
	}
	err = inTx(ctx, s.db, func(tx *txn) error {
		_, err := s.insertRegistryItem(ctx, tx, orgID, org.PublicNamespace, req.GetName(), req.GetType())
		return err
	})
	if err != nil {
		return nil, storageError("create registry item", err)
	}
	return &apppb.CreateRegistryItemResponse{}, nil
}

// UpdateRegistryItem replaces the description and visibility, and the
// url, markdown, metadata and billing when given. type must be the item's
// own (an item's type never changes), and the metadata must be of that
// type. Making an item public or unlisted needs the organization's public
// namespace, as UpdateModule does.
func (s *service) UpdateRegistryItem(ctx context.Context, req *apppb.UpdateRegistryItemRequest) (*apppb.UpdateRegistryItemResponse, error) {
	r, err := s.requireItem(ctx, "item_id", req.GetItemId(), permWritePrivateRegistry)
	if err != nil {
		return nil, err
	}
	if req.GetType() != r.typ {
		return nil, invalidArgf("type: %q is %s (%v), not %v; an item's type cannot change", r.id, aKind(r.typ), r.typ, req.GetType())
	}
	vis := req.GetVisibility()
	if err := checkEnum("visibility", vis); err != nil {
		return nil, err
	}
	if vis != apppb.Visibility_VISIBILITY_PRIVATE {
		if r.namespace == "" {
			return nil, preconditionf("visibility: organization %q has no public namespace; set one before making %q public", r.orgID, r.id)
		}
		if err := s.require(ctx, permWritePublicRegistry, orgScope(r.orgID)); err != nil {
			return nil, err
		}
	}
	if err := s.checkApps(ctx, r, req.GetUpdateModuleMetadata().GetApps()); err != nil {
		return nil, err
	}
	up, err := registryUpdate(r, req)
	if err != nil {
		return nil, err
	}
	err = s.execItem(ctx, "update registry item", r.id, `UPDATE modules SET description = ?, visibility = ?, url = ?, markdown = ?,
	models = ?, entrypoint = ?, ml_metadata = ?, billing = ?, updated_on = ? WHERE id = ?`,
		req.GetDescription(), int32(vis), up.url, up.markdown, up.module, up.entrypoint, up.ml, up.billing, s.clock.Now().UnixNano(), r.id)
	if err != nil {
		return nil, err
	}
	return &apppb.UpdateRegistryItemResponse{}, nil
}

// registryColumns are the encoded columns an update writes.
type registryColumns struct {
	url, entrypoint     string
	markdown            sql.NullString
	module, ml, billing []byte
}

// registryUpdate merges an update request into the stored item and encodes
// the result.
func registryUpdate(r *registryRow, req *apppb.UpdateRegistryItemRequest) (registryColumns, error) {
	c := registryColumns{url: r.url, entrypoint: r.entrypoint}
	if req.Url != nil {
		c.url = req.GetUrl()
	}
	if md := cmpOr(req.MarkdownDescription, r.markdown); md != nil {
		c.markdown = sql.NullString{String: *md, Valid: true}
	}
	module, ml, billing := r.module, r.ml, r.billing
	if req.GetBilling() != nil {
		billing = req.GetBilling()
	}
	switch meta := req.GetMetadata().(type) {
	case *apppb.UpdateRegistryItemRequest_UpdateModuleMetadata:
		if r.typ != typeModule {
			return c, invalidArgf("update_module_metadata: %q is %s, not a module", r.id, aKind(r.typ))
		}
		if err := checkModuleMetadata(meta.UpdateModuleMetadata); err != nil {
			return c, err
		}
		module, c.entrypoint = meta.UpdateModuleMetadata, meta.UpdateModuleMetadata.GetEntrypoint()
	case *apppb.UpdateRegistryItemRequest_UpdateMlModelMetadata:
		m := meta.UpdateMlModelMetadata
		if err := checkMLMetadata("update_ml_model_metadata", r, packagespb.PackageType_PACKAGE_TYPE_ML_MODEL, m.GetModelType(), m.GetModelFramework()); err != nil {
			return c, err
		}
		ml = &apppb.UpdateMLTrainingMetadata{ModelType: m.GetModelType(), ModelFramework: m.GetModelFramework()}
	case *apppb.UpdateRegistryItemRequest_UpdateMlTrainingMetadata:
		m := meta.UpdateMlTrainingMetadata
		if err := checkMLMetadata("update_ml_training_metadata", r, packagespb.PackageType_PACKAGE_TYPE_ML_TRAINING, m.GetModelType(), m.GetModelFramework()); err != nil {
			return c, err
		}
		ml = m
	}
	var err error
	if c.module, err = marshalOrNil(module); err != nil {
		return c, storageError("encode module metadata", err)
	}
	if c.ml, err = marshalOrNil(ml); err != nil {
		return c, storageError("encode ML metadata", err)
	}
	if c.billing, err = marshalOrNil(billing); err != nil {
		return c, storageError("encode billing", err)
	}
	return c, nil
}

func cmpOr(a, b *string) *string {
	if a != nil {
		return a
	}
	return b
}

func marshalOrNil[M proto.Message](m M) ([]byte, error) {
	if !m.ProtoReflect().IsValid() {
		return nil, nil
	}
	return proto.Marshal(m)
}

func checkModuleMetadata(m *apppb.UpdateModuleMetadata) error {
	for i, model := range m.GetModels() {
		if model.GetApi() == "" || model.GetModel() == "" {
			return invalidArgf("update_module_metadata.models[%d]: api and model are required", i)
		}
	}
	if m.SourceType != nil {
		if err := checkEnum("update_module_metadata.source_type", m.GetSourceType()); err != nil {
			return err
		}
	}
	if m.Language != nil {
		return checkEnum("update_module_metadata.language", m.GetLanguage())
	}
	return nil
}

func checkMLMetadata(field string, r *registryRow, want packagespb.PackageType, t mltrainingpb.ModelType, fw mltrainingpb.ModelFramework) error {
	if r.typ != want {
		return invalidArgf("%s: %q is %s, not %s", field, r.id, aKind(r.typ), aKind(want))
	}
	if err := checkEnum(field+".model_type", t); err != nil {
		return err
	}
	return checkEnum(field+".model_framework", fw)
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
