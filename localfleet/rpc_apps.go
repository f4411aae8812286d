package localfleet

import (
	"context"
	"fmt"

	apppb "go.viam.com/api/app/v1"
)

// Viam apps: web apps a module declares in its metadata (UpdateModule's
// apps), served under the organization's public namespace and the app's
// name. Anyone may read the content and branding of an app of a public
// module; an app of a private module needs read_private_registry_item in
// its organization.

// appTypes maps App.type, as modules declare it, to the AppType enum.
var appTypes = map[string]apppb.AppType{
	"single_machine": apppb.AppType_APP_TYPE_SINGLE_MACHINE,
	"multi_machine":  apppb.AppType_APP_TYPE_MULTI_MACHINE,
}

// checkApps validates the apps a module declares: named like modules, of a
// known type, with an entrypoint, and each name used once in the
// organization, since GetAppContent finds an app by namespace and name.
func (s *service) checkApps(ctx context.Context, m *registryRow, apps []*apppb.App) error {
	seen := map[string]bool{}
	for i, a := range apps {
		field := fmt.Sprintf("apps[%d]", i)
		if err := checkModuleName(field+".name", a.GetName()); err != nil {
			return err
		}
		if _, ok := appTypes[a.GetType()]; !ok {
			return invalidArgf("%s.type: want \"single_machine\" or \"multi_machine\", got %q", field, a.GetType())
		}
		if a.GetEntrypoint() == "" {
			return invalidArgf("%s.entrypoint: the app's entry file (such as dist/index.html) is required", field)
		}
		if seen[a.GetName()] {
			return invalidArgf("%s.name: app %q is declared twice", field, a.GetName())
		}
		seen[a.GetName()] = true
	}
	if len(apps) == 0 {
		return nil
	}
	others, err := s.modulesWhere(ctx, `m.org_id = ? AND m.id != ?`, m.orgID, m.id)
	if err != nil {
		return err
	}
	for _, other := range others {
		for _, a := range other.module.GetApps() {
			if seen[a.GetName()] {
				return alreadyExistsf("apps: module %q already declares an app named %q", other.id, a.GetName())
			}
		}
	}
	return nil
}

// modulesWhere returns the modules matching a condition on registrySelect
// (modules are the registry items of type module).
func (s *service) modulesWhere(ctx context.Context, cond string, args ...any) ([]*registryRow, error) {
	return s.queryRegistryRows(ctx, "list modules", `WHERE m.type = ? AND `+cond+` ORDER BY m.id`,
		append([]any{int32(typeModule)}, args...)...)
}

// findApp returns the app called name under the public namespace and the
// module declaring it, after the read check.
func (s *service) findApp(ctx context.Context, namespace, name string) (*registryRow, *apppb.App, error) {
	if err := checkNamespace("public_namespace", namespace); err != nil {
		return nil, nil, err
	}
	if name == "" {
		return nil, nil, invalidArgf("name: an app name is required")
	}
	mods, err := s.modulesWhere(ctx, `o.public_namespace = ?`, namespace)
	if err != nil {
		return nil, nil, err
	}
	for _, m := range mods {
		for _, a := range m.module.GetApps() {
			if a.GetName() != name {
				continue
			}
			if m.vis == apppb.Visibility_VISIBILITY_PRIVATE {
				if err := s.require(ctx, permReadPrivateRegistry, orgScope(m.orgID)); err != nil {
					return nil, nil, err
				}
			}
			return m, a, nil
		}
	}
	return nil, nil, notFound("app", namespace+"/"+name)
}

// GetAppContent says where the app's files are: blob_path names the
// module's newest uploaded version ("<namespace>/<module>/<version>"), in
// which entrypoint is the file to serve. FailedPrecondition while the
// module has no upload, since there is nothing to serve yet.
func (s *service) GetAppContent(ctx context.Context, req *apppb.GetAppContentRequest) (*apppb.GetAppContentResponse, error) {
	m, app, err := s.findApp(ctx, req.GetPublicNamespace(), req.GetName())
	if err != nil {
		return nil, err
	}
	versions, err := s.loadVersions(ctx, m)
	if err != nil {
		return nil, err
	}
	if len(versions) == 0 {
		return nil, preconditionf("name: module %q declares app %q but has no uploaded version to serve; upload one first", m.id, app.GetName())
	}
	newest := versions[len(versions)-1].Version // loadVersions sorts them
	return &apppb.GetAppContentResponse{
		BlobPath:   m.namespace + "/" + m.name + "/" + newest,
		Entrypoint: app.GetEntrypoint(),
		AppType:    appTypes[app.GetType()],
		Public:     m.vis != apppb.Visibility_VISIBILITY_PRIVATE,
	}, nil
}

// GetAppBranding returns what the app declared: its logo path, fragment
// filter and allowed organizations, and its machine picker texts under
// text_customizations["machine_picker"] (keys "heading" and "subheading",
// the ones set).
func (s *service) GetAppBranding(ctx context.Context, req *apppb.GetAppBrandingRequest) (*apppb.GetAppBrandingResponse, error) {
	_, app, err := s.findApp(ctx, req.GetPublicNamespace(), req.GetName())
	if err != nil {
		return nil, err
	}
	resp := &apppb.GetAppBrandingResponse{
		LogoPath:      app.LogoPath,
		FragmentIds:   app.GetFragmentIds(),
		AllowedOrgIds: app.GetAllowedOrgIds().GetIds(),
	}
	if picker := app.GetCustomizations().GetMachinePicker(); picker != nil {
		fields := map[string]string{}
		if picker.Heading != nil {
			fields["heading"] = picker.GetHeading()
		}
		if picker.Subheading != nil {
			fields["subheading"] = picker.GetSubheading()
		}
		if len(fields) > 0 {
			resp.TextCustomizations = map[string]*apppb.TextOverrides{"machine_picker": {Fields: fields}}
		}
	}
	return resp, nil
}
