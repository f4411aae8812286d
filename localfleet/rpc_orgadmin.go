package localfleet

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	packagespb "go.viam.com/api/app/packages/v1"
	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
)

// Changing and deleting organizations: organization owners only
// (write_organization), as on app.viam.com.

// orgUpdate is one column UpdateOrganization sets.
type orgUpdate struct {
	column string
	value  any
}

// UpdateOrganization changes only the fields that are set. The public
// namespace can be set once here; changing it later is
// UpdateOrganizationNamespace's job, so setting a different one is
// FailedPrecondition (setting the current one again is a no-op). An empty
// cid clears it; default_fragments and allowed_login_methods replace the
// stored lists, and an empty list clears them. Default fragments must be
// the organization's own or public; their version is kept as given.
func (s *service) UpdateOrganization(ctx context.Context, req *apppb.UpdateOrganizationRequest) (*apppb.UpdateOrganizationResponse, error) {
	orgID, err := s.requireOrgField(ctx, "organization_id", req.GetOrganizationId(), permWriteOrganization)
	if err != nil {
		return nil, err
	}
	updates, err := s.orgUpdates(ctx, orgID, req)
	if err != nil {
		return nil, err
	}
	err = inTx(ctx, s.db, func(tx *txn) error {
		if req.PublicNamespace != nil {
			if err := setNamespaceOnce(ctx, tx, orgID, req.GetPublicNamespace()); err != nil {
				return err
			}
		}
		return applyOrgUpdates(ctx, tx, orgID, updates)
	})
	if err != nil {
		return nil, storageError("update organization", err)
	}
	o, err := s.loadOrganization(ctx, s.db, orgID)
	if err != nil {
		return nil, err
	}
	return &apppb.UpdateOrganizationResponse{Organization: o}, nil
}

// orgUpdates validates the set fields of req and returns the columns they
// change; the namespace, set only once, is left to setNamespaceOnce.
func (s *service) orgUpdates(ctx context.Context, orgID string, req *apppb.UpdateOrganizationRequest) ([]orgUpdate, error) {
	var out []orgUpdate
	if req.Name != nil {
		if err := checkName("name", req.GetName()); err != nil {
			return nil, err
		}
		out = append(out, orgUpdate{"name", req.GetName()})
	}
	if req.PublicNamespace != nil {
		if err := checkNamespace("public_namespace", req.GetPublicNamespace()); err != nil {
			return nil, err
		}
	}
	if req.Region != nil {
		if err := checkStorageRegion("region", req.GetRegion()); err != nil {
			return nil, err
		}
		out = append(out, orgUpdate{"default_region", req.GetRegion()})
	}
	if req.Cid != nil {
		var cid any // "" clears it: cid is optional in Organization
		if req.GetCid() != "" {
			cid = req.GetCid()
		}
		out = append(out, orgUpdate{"cid", cid})
	}
	if req.DefaultFragments != nil {
		if err := s.checkDefaultFragments(ctx, orgID, req.GetDefaultFragments()); err != nil {
			return nil, err
		}
		blob, err := encodeOrgSetting(req.GetDefaultFragments())
		if err != nil {
			return nil, invalidArgf("default_fragments: %v", err)
		}
		out = append(out, orgUpdate{"default_fragments", blob})
	}
	if req.AllowedLoginMethods != nil {
		if err := checkLoginMethods(req.GetAllowedLoginMethods()); err != nil {
			return nil, err
		}
		blob, err := encodeOrgSetting(req.GetAllowedLoginMethods())
		if err != nil {
			return nil, invalidArgf("allowed_login_methods: %v", err)
		}
		out = append(out, orgUpdate{"allowed_login_methods", blob})
	}
	return out, nil
}

// encodeOrgSetting stores a list setting; an empty one is NULL, so that it
// reads back unset.
func encodeOrgSetting(m proto.Message) ([]byte, error) {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if len(b) == 0 {
		return nil, err
	}
	return b, err
}

func applyOrgUpdates(ctx context.Context, tx *txn, orgID string, updates []orgUpdate) error {
	if len(updates) == 0 {
		return nil
	}
	sets := make([]string, len(updates))
	args := make([]any, 0, len(updates)+1)
	for i, u := range updates {
		sets[i] = u.column + " = ?" // column names are constants of orgUpdates
		args = append(args, u.value)
	}
	_, err := tx.ExecContext(ctx, `UPDATE organizations SET `+strings.Join(sets, ", ")+` WHERE id = ?`, append(args, orgID)...)
	if err != nil {
		return fmt.Errorf("update organization %q: %w", orgID, err)
	}
	return nil
}

// checkStorageRegion accepts a storage region name such as "us-central1".
func checkStorageRegion(field, region string) error {
	if region == "" {
		return invalidArgf("%s: a region is required (for example %q)", field, "us-central1")
	}
	for _, c := range region {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return invalidArgf("%s: %q is not a region name (lowercase letters, digits and dashes, for example %q)", field, region, "us-central1")
		}
	}
	return nil
}

// checkDefaultFragments checks that each default fragment exists and that
// the organization may use it: its own, or a public or unlisted one.
func (s *service) checkDefaultFragments(ctx context.Context, orgID string, list *apppb.FragmentImportList) error {
	for i, fi := range list.GetFragments() {
		field := fmt.Sprintf("default_fragments[%d].fragment_id", i)
		if err := checkUUID(field, "fragment", fi.GetFragmentId()); err != nil {
			return err
		}
		var owner string
		var vis int32
		err := s.db.QueryRowContext(ctx, `SELECT org_id, visibility FROM fragments WHERE id = ?`, fi.GetFragmentId()).Scan(&owner, &vis)
		if err == sql.ErrNoRows {
			return notFound("fragment", fi.GetFragmentId())
		}
		if err != nil {
			return storageError("look up fragment", err)
		}
		if owner != orgID && apppb.FragmentVisibility(vis) == apppb.FragmentVisibility_FRAGMENT_VISIBILITY_PRIVATE {
			return notFound("fragment", fi.GetFragmentId()) // a private fragment of another organization is not there for it
		}
	}
	return nil
}

func checkLoginMethods(m *apppb.AllowedLoginMethods) error {
	for i, method := range m.GetMethods() {
		if _, ok := apppb.LoginMethod_name[int32(method)]; !ok || method == apppb.LoginMethod_LOGIN_METHOD_UNSPECIFIED {
			return invalidArgf("allowed_login_methods.methods[%d]: want LOGIN_METHOD_PASSWORD, _GOOGLE, _GITHUB or _APPLE, got %v", i, method)
		}
	}
	return nil
}

// setNamespaceOnce gives the organization its first public namespace.
func setNamespaceOnce(ctx context.Context, tx *txn, orgID, ns string) error {
	current, err := currentNamespace(ctx, tx, orgID)
	if err != nil {
		return err
	}
	switch current {
	case ns:
		return nil
	case "":
		return storeNamespace(ctx, tx, "public_namespace", orgID, ns)
	}
	return preconditionf("public_namespace: organization %q already has the namespace %q; change it with UpdateOrganizationNamespace", orgID, current)
}

func currentNamespace(ctx context.Context, tx *txn, orgID string) (string, error) {
	var ns string
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(public_namespace, '') FROM organizations WHERE id = ?`, orgID).Scan(&ns)
	if err == sql.ErrNoRows {
		return "", notFound("organization", orgID) // deleted since the permission check
	}
	if err != nil {
		return "", fmt.Errorf("read namespace: %w", err)
	}
	return ns, nil
}

func storeNamespace(ctx context.Context, tx *txn, field, orgID, ns string) error {
	_, err := tx.ExecContext(ctx, `UPDATE organizations SET public_namespace = ? WHERE id = ?`, ns, orgID)
	if isUniqueViolation(err) {
		return alreadyExistsf("%s: the namespace %q is taken by another organization", field, ns)
	}
	if err != nil {
		return fmt.Errorf("set namespace: %w", err)
	}
	return nil
}

// UpdateOrganizationNamespace changes the organization's public namespace,
// or sets it when it has none yet. Registry item ids (modules, ML models,
// training scripts and the rest) begin with the namespace they were created
// under and machine configs refer to them, so a namespace that registry
// item ids carry cannot change (FailedPrecondition).
func (s *service) UpdateOrganizationNamespace(ctx context.Context, req *apppb.UpdateOrganizationNamespaceRequest) (*apppb.UpdateOrganizationNamespaceResponse, error) {
	orgID, err := s.requireOrgField(ctx, "organization_id", req.GetOrganizationId(), permWriteOrganization)
	if err != nil {
		return nil, err
	}
	ns := req.GetNewPublicNamespace()
	if err := checkNamespace("new_public_namespace", ns); err != nil {
		return nil, err
	}
	err = inTx(ctx, s.db, func(tx *txn) error {
		current, err := currentNamespace(ctx, tx, orgID)
		if err != nil || current == ns {
			return err
		}
		if current != "" {
			if err := namespaceUnused(ctx, tx, orgID, current); err != nil {
				return err
			}
		}
		return storeNamespace(ctx, tx, "new_public_namespace", orgID, ns)
	})
	if err != nil {
		return nil, storageError("update namespace", err)
	}
	o, err := s.loadOrganization(ctx, s.db, orgID)
	if err != nil {
		return nil, err
	}
	return &apppb.UpdateOrganizationNamespaceResponse{Organization: o}, nil
}

// namespaceUnused refuses (FailedPrecondition) when registry item ids of
// the organization begin with its namespace ns, naming their kind: "module"
// or "ML model" when they are all of one type, else "registry item".
func namespaceUnused(ctx context.Context, tx *txn, orgID, ns string) error {
	var (
		items, types int
		typ          packagespb.PackageType
	)
	// Every registry item, of any type, is a row of modules.
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT type), COALESCE(MIN(type), 0) FROM modules
WHERE org_id = ? AND id LIKE ? ESCAPE '\'`, orgID, sqlLikePrefix(ns+":")).Scan(&items, &types, &typ)
	if err != nil {
		return fmt.Errorf("count registry items: %w", err)
	}
	if items == 0 {
		return nil
	}
	kind := "registry item"
	if types == 1 {
		kind = itemKind(typ)
	}
	return preconditionf("new_public_namespace: %d %s id(s) of organization %q begin with %q; %s ids cannot change", items, kind, orgID, ns+":", kind)
}

// sqlLikePrefix is a LIKE pattern matching strings that begin with p.
func sqlLikePrefix(p string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(p) + "%"
}

// DeleteOrganization deletes the organization and everything in it:
// locations, machines with their parts, logs and history, fragments,
// modules, members, invites, API keys, and every grant on its resources.
// Its API keys go with it, with the grants they held in other
// organizations; when the calling key is one of them the call still
// succeeds, and later calls with that key fail Unauthenticated. Users stay:
// they may belong to other organizations.
func (s *service) DeleteOrganization(ctx context.Context, req *apppb.DeleteOrganizationRequest) (*apppb.DeleteOrganizationResponse, error) {
	orgID, err := s.requireOrgField(ctx, "organization_id", req.GetOrganizationId(), permWriteOrganization)
	if err != nil {
		return nil, err
	}
	err = inTx(ctx, s.db, func(tx *txn) error {
		steps := []struct{ what, query string }{
			{"grants of its API keys", `DELETE FROM grants WHERE identity_id IN (SELECT id FROM api_keys WHERE org_id = ?1)`},
			// Machines do not cascade from their locations; their parts,
			// logs, history and secrets cascade from them.
			{"machines", `DELETE FROM robots WHERE location_id IN (SELECT id FROM locations WHERE org_id = ?1)`},
			{"organization", `DELETE FROM organizations WHERE id = ?1`},
		}
		for _, st := range steps {
			if _, err := tx.ExecContext(ctx, st.query, orgID); err != nil {
				return fmt.Errorf("delete %s: %w", st.what, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, storageError("delete organization", err)
	}
	s.robotsChanged()
	s.auth.invalidate()
	return &apppb.DeleteOrganizationResponse{}, nil
}
