package builtins

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Registry items: modules, ML models, ML training scripts, ... Modules are
// registry items too, so get_registry_item also shows the modules that
// create_module made, and get_module the modules made here.

var (
	itemIDParam      = idParam("item_id", "item_id", "ID of the registry item: \"namespace:name\" or \"org-id:name\".")
	itemVersionParam = idParam("version", "version", "The uploaded version, e.g. \"1.2.0\".")
)

// markdownParam is the include_markdown_documentation flag of the reads.
var markdownParam = param{name: "include_markdown_documentation", field: "include_markdown_documentation", def: false_,
	doc: "True includes the module's markdown description and its models' markdown documentation."}

// enumListParam declares a filter of ListRegistryItems: a list of enum
// names, None for no filter.
func enumListParam(name, example string) param {
	return param{name: name, field: name, def: none,
		doc: "Keep only items with one of these, e.g. " + example + " (full or short names). None: no filter."}
}

var registryItemMethods = []spec{
	{
		name: "get_registry_item", rpc: "GetRegistryItem",
		params:  []param{itemIDParam, markdownParam},
		result:  []string{"item"},
		summary: "Get a registry item (a module, ML model, ML training script, ...) by its ID.",
		returns: "the item; a module's has module_metadata with its models and versions.",
		errors:  "NOT_FOUND for an unknown item; PERMISSION_DENIED for a private item of an organization whose private registry items the credentials may not read.",
	},
	{
		name: "create_registry_item", rpc: "CreateRegistryItem", mutates: true,
		params: []param{
			{name: "name", field: "name", id: true,
				doc: "Name of the item: lowercase letters, digits, dashes and underscores, unique within the organization's namespace."},
			{name: "type", field: "type",
				doc: "The package type: \"module\", \"ml_model\", \"ml_training\", \"archive\" or \"slam_map\" (or PACKAGE_TYPE_MODULE, ...)."},
			orgParam("organization_id"),
		},
		summary: "Create a private registry item in the organization. Its ID is \"namespace:name\", or \"org-id:name\" " +
			"when the organization has no public namespace. A module created here is the same as one create_module makes.",
		errors: "INVALID_ARGUMENT for a bad name or type; ALREADY_EXISTS for a name in use.",
	},
	{
		name: "update_registry_item", rpc: "UpdateRegistryItem", mutates: true,
		params: []param{
			itemIDParam,
			{name: "type", field: "type", doc: "The item's package type, as created (it cannot change)."},
			{name: "description", field: "description", doc: "A short description of the item."},
			{name: "visibility", field: "visibility",
				doc: "\"private\", \"public\" or \"public_unlisted\" (or VISIBILITY_PRIVATE, ...). Public needs the organization's public namespace."},
			{name: "url", field: "url", def: none, doc: "URL of the item's code and documentation. None keeps it."},
			{name: "markdown_description", field: "markdown_description", def: none, doc: "Markdown documentation of the item. None keeps it."},
			{name: "update_module_metadata", field: "update_module_metadata", def: none,
				doc: "For a module: {\"models\": [{\"api\", \"model\"}], \"entrypoint\", \"apps\", \"source_type\", \"language\", \"min_viam_server_version\"}, replacing the old."},
			{name: "update_ml_model_metadata", field: "update_ml_model_metadata", def: none,
				doc: "For an ML model: {\"model_type\", \"model_framework\"}."},
			{name: "update_ml_training_metadata", field: "update_ml_training_metadata", def: none,
				doc: "For an ML training script: {\"model_type\", \"model_framework\", \"draft\"}."},
			{name: "billing", field: "billing", def: none,
				doc: "What the item costs: {\"cost_per_month\": {\"per_machine\": 2.5}} or cost_per_year. None keeps it."},
		},
		build: checkOneMetadata,
		summary: "Update a registry item's description and visibility, and its URL, markdown, metadata and billing when given. " +
			"Give at most one of the metadata arguments, the one of the item's type.",
		errors: "NOT_FOUND for an unknown item; INVALID_ARGUMENT for a type other than the item's or metadata of another type; " +
			"FAILED_PRECONDITION for a public item of an organization without a public namespace.",
	},
	{
		name: "list_registry_items", rpc: "ListRegistryItems",
		params: []param{
			enumListParam("types", `["module", "ml_model"]`),
			enumListParam("visibilities", `["public"]`),
			{name: "platforms", field: "platforms", def: none,
				doc: "Keep only items with a version uploaded for one of these platforms, e.g. [\"linux/arm64\"]. None: no filter."},
			enumListParam("statuses", `["published"] (an uploaded version) or ["in_development"]`),
			{name: "search_term", field: "search_term", def: none, doc: "Keep only items whose ID, name or description contains this, ignoring case."},
			{name: "page_token", field: "page_token", def: none,
				doc: "As in the Python SDK; the response carries no next token, so every item comes at once: leave it None."},
			{name: "public_namespaces", field: "public_namespaces", def: none,
				doc: "Keep only items in these namespaces. None: no filter."},
			enumListParam("module_source_types", `["external"]`),
			enumListParam("module_languages", `["python", "golang"]`),
			markdownParam,
			{name: "show_owned_deprecated", field: "show_owned_deprecated", def: false_,
				doc: "True also lists the organization's own deprecated items (deprecated items are otherwise left out)."},
			orgParam("organization_id"),
		},
		result: []string{"items"},
		summary: "List the public registry items of every organization and all of this organization's own items " +
			"(its private ones when the credentials may read them), ordered by ID, keeping only those that pass every filter given.",
		errors: "INVALID_ARGUMENT for an unknown type, visibility or status name.",
	},
	{
		name: "delete_registry_item", rpc: "DeleteRegistryItem", mutates: true,
		params:  []param{itemIDParam},
		summary: "Delete a registry item and its uploaded versions.",
		errors:  "NOT_FOUND for an unknown item.",
	},
	{
		name: "rename_registry_item", rpc: "RenameRegistryItem", mutates: true,
		params: []param{
			itemIDParam,
			idParam("new_name", "new_name", "The new name; the ID becomes \"<same prefix>:<new name>\"."),
		},
		result:  []string{"item"},
		summary: "Rename a registry item, which changes its ID. Machines configured with the old ID keep it.",
		returns: "the renamed item.",
		errors:  "NOT_FOUND for an unknown item; ALREADY_EXISTS for a name in use.",
	},
	{
		name: "transfer_registry_item", rpc: "TransferRegistryItem", mutates: true,
		params: []param{
			itemIDParam,
			idParam("new_public_namespace", "new_public_namespace", "Public namespace of the organization to move the item to."),
		},
		summary: "Move a registry item to the organization owning the namespace; its ID becomes \"<namespace>:<name>\". " +
			"The credentials must be allowed to change registry items in both organizations.",
		errors: "NOT_FOUND for an unknown item or namespace; ALREADY_EXISTS when the name is in use there; " +
			"FAILED_PRECONDITION when the item is already in that namespace.",
	},
	{
		name: "deprecate_registry_item", rpc: "DeprecateRegistryItem", mutates: true,
		params: []param{
			itemIDParam,
			idParam("message", "message", "Why the item is deprecated and what to use instead."),
		},
		summary: "Deprecate a registry item: it gets a deprecated_status and is no longer listed (except to its organization with show_owned_deprecated).",
		errors:  "NOT_FOUND for an unknown item; FAILED_PRECONDITION when it is already deprecated.",
	},
	{
		name: "undeprecate_registry_item", rpc: "UndeprecateRegistryItem", mutates: true,
		params:  []param{itemIDParam},
		summary: "Clear a registry item's deprecation.",
		errors:  "NOT_FOUND for an unknown item; FAILED_PRECONDITION when it is not deprecated.",
	},
	{
		name: "deprecate_registry_item_version", rpc: "DeprecateRegistryItemVersion", mutates: true,
		params: []param{
			itemIDParam,
			itemVersionParam,
			idParam("message", "message", "Why the version is deprecated and what to use instead."),
		},
		summary: "Deprecate one uploaded version of a registry item; the version's deprecated_status says so.",
		errors:  "NOT_FOUND for an unknown item or version; FAILED_PRECONDITION when the version is already deprecated.",
	},
	{
		name: "undeprecate_registry_item_version", rpc: "UndeprecateRegistryItemVersion", mutates: true,
		params: []param{
			itemIDParam,
			itemVersionParam,
		},
		summary: "Clear the deprecation of one version of a registry item.",
		errors:  "NOT_FOUND for an unknown item or version; FAILED_PRECONDITION when the version is not deprecated.",
	},
}

var metadataParams = []string{"update_module_metadata", "update_ml_model_metadata", "update_ml_training_metadata"}

// checkOneMetadata refuses more than one metadata argument: they are one
// oneof in the request, where the last set would silently win.
func checkOneMetadata(c *call, _ protoreflect.Message) error {
	var given []string
	for _, name := range metadataParams {
		if c.value(name) != starlark.None {
			given = append(given, name)
		}
	}
	if len(given) > 1 {
		return fmt.Errorf("%s: give at most one of %s", given[1], strings.Join(metadataParams, ", "))
	}
	return nil
}
