/*
 * entity.c - the entity descriptors: what every generic verb works from.
 *
 * A field's column in the database carries the field's name.  The store's
 * migrations create the columns; tests/cli checks that every field here
 * exists there (crm check does too).
 */
#include <strings.h>

#include "crm.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The fields every entity ends with, in this order. */
#define TRAILER_FIELDS                                                                             \
	{"owner", CRM_T_TEXT, CRM_F_LIST, .aliases = "propietario|responsable|assigned to",        \
	 .help = "user who owns the record (default $CRM_USER)"},                                  \
	    {"tags", CRM_T_TAGS, CRM_F_SEARCH, .aliases = "etiquetas|labels|categories",           \
	     .help = "labels, comma-separated"},                                                   \
	    {"notes", CRM_T_TEXT, CRM_F_SEARCH | CRM_F_PERSONAL,                                   \
	     .aliases = "notas|comments|comentarios|description|descripcion",                      \
	     .help = "free text"},                                                                 \
	    {"created", CRM_T_TIMESTAMP, CRM_F_READONLY, .aliases = "creado|created at",           \
	     .help = "when the record was added (UTC)"},                                           \
	{                                                                                          \
		"updated", CRM_T_TIMESTAMP, CRM_F_READONLY,                                        \
		    .aliases = "actualizado|updated at",                                           \
		    .help = "when the record last changed (UTC)"                                   \
	}

static const struct crm_field account_fields[] = {
    {"id", CRM_T_ID, CRM_F_LIST | CRM_F_READONLY, .help = "record number"},
    {"name", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_REQUIRED | CRM_F_NAME,
     .aliases = "nombre|company|empresa|organization|organisation|organizacion|account name|"
                "razon social|compania",
     .help = "organisation name"},
    {"type", CRM_T_CHOICE, CRM_F_LIST, .choices = "customer,prospect,partner,supplier,competitor",
     .aliases = "tipo|account type", .help = "relationship with us"},
    {"industry", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH, .aliases = "sector|industria",
     .help = "line of business"},
    {"website", CRM_T_URL, CRM_F_SEARCH, .aliases = "web|url|sitio web|pagina web",
     .help = "web address"},
    {"phone", CRM_T_PHONE, CRM_F_LIST | CRM_F_SEARCH, .aliases = "telefono|tel|phone 1|telephone",
     .help = "main phone number"},
    {"email", CRM_T_EMAIL, CRM_F_SEARCH, .aliases = "e-mail|correo|correo electronico|mail",
     .help = "main e-mail address"},
    {"address", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "direccion|street|calle|domicilio",
     .help = "street address"},
    {"city", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH, .aliases = "ciudad|localidad|town|poblacion",
     .help = "city"},
    {"region", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "provincia|state|estado|county",
     .help = "state, province or region"},
    {"postcode", CRM_T_TEXT, 0, .aliases = "codigo postal|cp|zip|zip code|postal code",
     .help = "postal code"},
    {"country", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH, .aliases = "pais|nation", .help = "country"},
    {"employees", CRM_T_NUMBER, 0, .aliases = "empleados|number of employees|headcount",
     .help = "number of employees"},
    TRAILER_FIELDS,
};

static const struct crm_field contact_fields[] = {
    {"id", CRM_T_ID, CRM_F_LIST | CRM_F_READONLY, .help = "record number"},
    {"first_name", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_NAME | CRM_F_PERSONAL,
     .aliases = "nombre|first|given name|forename", .help = "given name"},
    {"last_name", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_NAME | CRM_F_PERSONAL,
     .aliases = "apellidos|apellido|last|surname|family name", .help = "family name"},
    {"title", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "cargo|puesto|job title|position",
     .help = "job title"},
    {"account", CRM_T_REF, CRM_F_LIST | CRM_F_SEARCH, .ref = "account",
     .aliases = "empresa|company|organization|organisation|organizacion|account name|compania",
     .help = "the organisation, by id or name"},
    {"email", CRM_T_EMAIL, CRM_F_LIST | CRM_F_SEARCH | CRM_F_UNIQUE | CRM_F_PERSONAL,
     .aliases = "e-mail|correo|correo electronico|mail|email address|email 1",
     .help = "e-mail address (unique)"},
    {"phone", CRM_T_PHONE, CRM_F_LIST | CRM_F_SEARCH | CRM_F_PERSONAL,
     .aliases = "telefono|tel|phone 1|telefono 1|telephone|work phone", .help = "phone number"},
    {"mobile", CRM_T_PHONE, CRM_F_SEARCH | CRM_F_PERSONAL,
     .aliases = "movil|celular|cell|mobile phone|phone 2|telefono 2",
     .help = "mobile phone number"},
    {"address", CRM_T_TEXT, CRM_F_PERSONAL, .aliases = "direccion|street|calle|domicilio",
     .help = "street address"},
    {"city", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH, .aliases = "ciudad|localidad|town|poblacion",
     .help = "city"},
    {"region", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "provincia|state|estado|county",
     .help = "state, province or region"},
    {"postcode", CRM_T_TEXT, CRM_F_PERSONAL, .aliases = "codigo postal|cp|zip|zip code|postal code",
     .help = "postal code"},
    {"country", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "pais|nation", .help = "country"},
    {"birthday", CRM_T_DATE, CRM_F_PERSONAL,
     .aliases = "cumpleanos|fecha de nacimiento|birth date|date of birth|birthdate",
     .help = "date of birth"},
    {"channel", CRM_T_CHOICE, 0, .choices = "email,phone,mobile,sms,whatsapp,mail,visit",
     .aliases = "canal|preferred channel|canal preferido", .help = "preferred channel"},
    {"language", CRM_T_TEXT, 0, .aliases = "idioma|lengua|preferred language|lang",
     .help = "preferred language (es, en, pt ...)"},
    {"source", CRM_T_TEXT, 0, .aliases = "origen|fuente|lead source",
     .help = "where the contact came from"},
    {"optout", CRM_T_BOOL, 0, .aliases = "opt-out|opt out|no marketing|baja|unsubscribed",
     .help = "no marketing messages (yes/no)"},
    TRAILER_FIELDS,
};

const struct crm_entity crm_entity_account = {
    "account", "accounts", account_fields, COUNT(account_fields), "name",
};

const struct crm_entity crm_entity_contact = {
    "contact", "contacts", contact_fields, COUNT(contact_fields), "last_name",
};

const struct crm_entity *const crm_entities[] = {
    &crm_entity_account,
    &crm_entity_contact,
    NULL,
};

const struct crm_entity *crm_entity_find(const char *name)
{
	for (int i = 0; crm_entities[i]; i++)
		if (!strcasecmp(crm_entities[i]->name, name) ||
		    !strcasecmp(crm_entities[i]->plural, name))
			return crm_entities[i];
	return NULL;
}

int crm_schema_field(const struct crm_schema *s, const char *name)
{
	for (int i = 0; i < s->nfields; i++)
		if (!strcasecmp(s->fields[i].name, name))
			return i;
	return -1;
}
