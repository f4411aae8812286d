package builtins

import (
	"go.starlark.net/starlark"
	appv1 "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/reflect/protoreflect"
)

var moduleMethods = []spec{
	{
		name: "create_module", rpc: "CreateModule", mutates: true,
		params: []param{
			{name: "name", field: "name", id: true, doc: "The name of the module. Must be unique within the organization."},
			orgParam("organization_id"),
		},
		result:  []string{"module_id", "url"},
		summary: "Create a module under the organization.",
		returns: "a tuple (module_id, url) of the new module.",
		errors:  "INVALID_ARGUMENT for an invalid name; ALREADY_EXISTS for a name in use.",
	},
	{
		name: "update_module", rpc: "UpdateModule", mutates: true,
		params: []param{
			idParam("module_id", "module_id", "ID of the module: \"namespace:name\" or \"org-id:name\"."),
			{name: "url", field: "url", doc: "The URL of the module's documentation and code (not of the module itself)."},
			{name: "description", field: "description", doc: "A short description of the module's purpose."},
			{name: "models", field: "models", def: none,
				doc: "Models the module provides: dicts {\"api\", \"model\"}."},
			{name: "entrypoint", field: "entrypoint", def: starlark.String(""), doc: "The executable that starts the module."},
			{name: "public", kind: kindBool, def: false_,
				doc: "True makes the module public; False (the default) private, as the Python SDK always sends one of the two."},
			{name: "apps", field: "apps", def: none,
				doc: "Viam apps the module serves (not in the Python SDK): dicts {\"name\", \"type\": \"single_machine\"|\"multi_machine\", " +
					"\"entrypoint\", \"fragment_ids\", \"logo_path\", \"customizations\", \"allowed_org_ids\"}. None declares none: " +
					"like the rest of the metadata, the list replaces the module's apps."},
		},
		result:  []string{"url"},
		build:   setModuleVisibility,
		summary: "Update the documentation URL, description, models, entrypoint and/or visibility of a module.",
		returns: "the URL of the updated module.",
		errors:  "NOT_FOUND for an unknown module id; INVALID_ARGUMENT for an invalid url or models.",
	},
	{
		name: "upload_module_file", rpc: "UploadModuleFile", mutates: true,
		params: []param{
			{name: "module_file_info", field: "module_file_info",
				doc: "What the file is: {\"module_id\", \"version\", \"platform\", \"platform_tags\"}; the server needs it first."},
			{name: "file", kind: kindBytes, def: none, doc: "The file's contents (a .tar.gz of the module)."},
			{name: "path", kind: kindString, def: none, id: true,
				doc: "Instead of file: a file under the read root to upload."},
		},
		result: []string{"url"},
		build:  checkUploadArgs,
		run:    uploadModuleFile,
		summary: "Upload a module file (a version of the module for one platform). " +
			"The file is streamed in 64 KiB chunks, with progress on a terminal.",
		returns: "the URL of the uploaded file.",
		errors:  "NOT_FOUND for an unknown module; INVALID_ARGUMENT for a bad version or platform.",
	},
	{
		name: "get_module", rpc: "GetModule",
		params:  []param{idParam("module_id", "module_id", "ID of the module: \"namespace:name\" or \"org-id:name\".")},
		result:  []string{"module"},
		summary: "Get a module by its ID.",
		errors:  "NOT_FOUND for an unknown module id.",
	},
	{
		name: "list_modules", rpc: "ListModules",
		params:  []param{orgParam("organization_id")},
		result:  []string{"modules"},
		summary: "List the modules of the organization, and the public ones.",
	},
}

// setModuleVisibility maps the Python SDK's public flag onto the
// request's Visibility enum, which the flag cannot fill by itself.
func setModuleVisibility(c *call, req protoreflect.Message) error {
	r := req.Interface().(*appv1.UpdateModuleRequest)
	r.Visibility = appv1.Visibility_VISIBILITY_PRIVATE
	if c.value("public") == starlark.True {
		r.Visibility = appv1.Visibility_VISIBILITY_PUBLIC
	}
	return nil
}
