package localfleet

import (
	"cmp"
	"context"
	"database/sql"

	mltrainingpb "go.viam.com/api/app/mltraining/v1"
	packagespb "go.viam.com/api/app/packages/v1"
	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
)

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
	if md := cmp.Or(req.MarkdownDescription, r.markdown); md != nil {
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
