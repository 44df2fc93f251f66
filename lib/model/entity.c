/*
 * entity.c - the entity descriptors: what every generic verb works from.
 *
 * A field's column in the database carries the field's name.  The store's
 * migrations create the columns; tests/cli checks that every field here
 * exists there (crm check does too).
 */
#include <strings.h>

#include "crm.h"
#include "base/i18n.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The fields every entity ends with, in this order. */
#define TRAILER_FIELDS                                                                             \
	{"owner", CRM_T_TEXT, CRM_F_LIST | CRM_F_USER,                                             \
	 .aliases = "propietario|responsable|comercial|vendedor|assigned to|sales rep",            \
	 .help = N_("user who owns the record (default $CRM_USER)")},                              \
	    {"tags", CRM_T_TAGS, CRM_F_SEARCH, .aliases = "etiquetas|labels|categories",           \
	     .help = N_("labels, comma-separated")},                                               \
	    {"notes", CRM_T_TEXT, CRM_F_SEARCH | CRM_F_PERSONAL,                                   \
	     .aliases = "notas|comments|comentarios|description|descripcion",                      \
	     .help = N_("free text")},                                                             \
	    {"created", CRM_T_TIMESTAMP, CRM_F_READONLY, .aliases = "creado|created at",           \
	     .help = N_("when the record was added (UTC)")},                                       \
	{                                                                                          \
		"updated", CRM_T_TIMESTAMP, CRM_F_READONLY,                                        \
		    .aliases = "actualizado|updated at",                                           \
		    .help = N_("when the record last changed (UTC)")                               \
	}

static const struct crm_field account_fields[] = {
    {"id", CRM_T_ID, CRM_F_LIST | CRM_F_READONLY, .help = N_("record number")},
    {"name", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_REQUIRED | CRM_F_NAME,
     .aliases = "nombre|company|empresa|organization|organisation|organizacion|account name|"
                "razon social|compania",
     .help = N_("organisation name")},
    {"type", CRM_T_CHOICE, CRM_F_LIST, .choices = "customer,prospect,partner,supplier,competitor",
     .aliases = "tipo|account type", .help = N_("relationship with us")},
    {"industry", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH, .aliases = "sector|industria",
     .help = N_("line of business")},
    {"website", CRM_T_URL, CRM_F_SEARCH, .aliases = "web|url|sitio web|pagina web",
     .help = N_("web address")},
    {"phone", CRM_T_PHONE, CRM_F_LIST | CRM_F_SEARCH, .aliases = "telefono|tel|phone 1|telephone",
     .help = N_("main phone number")},
    {"email", CRM_T_EMAIL, CRM_F_SEARCH, .aliases = "e-mail|correo|correo electronico|mail",
     .help = N_("main e-mail address")},
    {"address", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "direccion|street|calle|domicilio",
     .help = N_("street address")},
    {"city", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH, .aliases = "ciudad|localidad|town|poblacion",
     .help = N_("city")},
    {"region", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "provincia|state|estado|county",
     .help = N_("state, province or region")},
    {"postcode", CRM_T_TEXT, 0, .aliases = "codigo postal|cp|zip|zip code|postal code",
     .help = N_("postal code")},
    {"country", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH, .aliases = "pais|nation",
     .help = N_("country")},
    {"employees", CRM_T_NUMBER, 0, .aliases = "empleados|number of employees|headcount",
     .help = N_("number of employees")},
    TRAILER_FIELDS,
};

static const struct crm_field contact_fields[] = {
    {"id", CRM_T_ID, CRM_F_LIST | CRM_F_READONLY, .help = N_("record number")},
    {"first_name", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_NAME | CRM_F_PERSONAL,
     .aliases = "nombre|first|given name|forename", .help = N_("given name")},
    {"last_name", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_NAME | CRM_F_PERSONAL,
     .aliases = "apellidos|apellido|last|surname|family name", .help = N_("family name")},
    {"title", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "cargo|puesto|job title|position",
     .help = N_("job title")},
    {"account", CRM_T_REF, CRM_F_LIST | CRM_F_SEARCH, .ref = "account",
     .aliases = "empresa|company|organization|organisation|organizacion|account name|compania",
     .help = N_("the organisation, by id or name")},
    {"email", CRM_T_EMAIL, CRM_F_LIST | CRM_F_SEARCH | CRM_F_UNIQUE | CRM_F_PERSONAL,
     .aliases = "e-mail|correo|correo electronico|mail|email address|email 1",
     .help = N_("e-mail address (unique)")},
    {"phone", CRM_T_PHONE, CRM_F_LIST | CRM_F_SEARCH | CRM_F_PERSONAL,
     .aliases = "telefono|tel|phone 1|telefono 1|telephone|work phone", .help = N_("phone number")},
    {"mobile", CRM_T_PHONE, CRM_F_SEARCH | CRM_F_PERSONAL,
     .aliases = "movil|celular|cell|mobile phone|phone 2|telefono 2",
     .help = N_("mobile phone number")},
    {"home_phone", CRM_T_PHONE, CRM_F_SEARCH | CRM_F_PERSONAL,
     .aliases = "telefono casa|telefono particular|home phone|home telephone|private phone",
     .help = N_("home phone number")},
    {"fax", CRM_T_PHONE, CRM_F_PERSONAL, .aliases = "fax number|numero de fax|business fax",
     .help = N_("fax number")},
    {"email2", CRM_T_EMAIL, CRM_F_SEARCH | CRM_F_PERSONAL,
     .aliases = "email 2|e-mail 2|correo 2|other email|otro correo|second email",
     .help = N_("another e-mail address")},
    {"address", CRM_T_TEXT, CRM_F_PERSONAL, .aliases = "direccion|street|calle|domicilio",
     .help = N_("street address")},
    {"city", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH, .aliases = "ciudad|localidad|town|poblacion",
     .help = N_("city")},
    {"region", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "provincia|state|estado|county",
     .help = N_("state, province or region")},
    {"postcode", CRM_T_TEXT, CRM_F_PERSONAL, .aliases = "codigo postal|cp|zip|zip code|postal code",
     .help = N_("postal code")},
    {"country", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "pais|nation", .help = N_("country")},
    {"birthday", CRM_T_DATE, CRM_F_PERSONAL,
     .aliases =
         "cumpleanos|fecha de nacimiento|fecha nacimiento|birth date|date of birth|birthdate",
     .help = N_("date of birth")},
    {"channel", CRM_T_CHOICE, 0, .choices = "email,phone,mobile,sms,whatsapp,mail,visit",
     .aliases = "canal|preferred channel|canal preferido", .help = N_("preferred channel")},
    {"language", CRM_T_TEXT, 0, .aliases = "idioma|lengua|preferred language|lang",
     .help = N_("preferred language (es, en, pt ...)")},
    {"source", CRM_T_TEXT, 0, .aliases = "origen|fuente|lead source",
     .help = N_("where the contact came from")},
    {"optout", CRM_T_BOOL, 0, .aliases = "opt-out|opt out|no marketing|baja|unsubscribed",
     .help = N_("no marketing messages (yes/no)")},
    {"uid", CRM_T_TEXT, CRM_F_UNIQUE, .aliases = "vcard uid",
     .help = N_("the id address books know the contact by (vCard UID)")},
    {"email_is", CRM_T_CHOICE, 0, .choices = "work,home",
     .help = N_("what email is: work or home (vCard TYPE)")},
    {"email2_is", CRM_T_CHOICE, 0, .choices = "work,home",
     .help = N_("what email2 is: work or home (vCard TYPE)")},
    {"address_is", CRM_T_CHOICE, 0, .choices = "work,home",
     .help = N_("what the address is: work or home (vCard TYPE)")},
    TRAILER_FIELDS,
};

static const struct crm_field product_fields[] = {
    {"id", CRM_T_ID, CRM_F_LIST | CRM_F_READONLY, .help = N_("record number")},
    {"sku", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_REQUIRED | CRM_F_UNIQUE | CRM_F_NAME,
     .aliases = "product|producto|codigo|referencia|ref|code|item",
     .help = N_("stock code (unique)")},
    {"name", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH, .aliases = "nombre|descripcion corta|title",
     .help = N_("product name")},
    {"family", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH,
     .aliases = "familia|series|serie|category|categoria|line", .help = N_("product family")},
    {"price", CRM_T_MONEY, CRM_F_LIST, .aliases = "precio|sales price|sales_price|unit price|pvp",
     .help = N_("list price")},
    {"currency", CRM_T_TEXT, CRM_F_LIST, .aliases = "moneda|divisa",
     .help = N_("ISO 4217 code ($CRM_CURRENCY, else EUR)"), .dflt = "$CRM_CURRENCY:EUR"},
    {"active", CRM_T_BOOL, CRM_F_LIST, .aliases = "activo|enabled", .help = N_("on sale (yes/no)"),
     .dflt = "yes"},
    {"description", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "descripcion|details|detalles",
     .help = N_("longer description")},
    TRAILER_FIELDS,
};

static const struct crm_field lead_fields[] = {
    {"id", CRM_T_ID, CRM_F_LIST | CRM_F_READONLY, .help = N_("record number")},
    {"first_name", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_NAME | CRM_F_PERSONAL,
     .aliases = "nombre|first|given name|forename", .help = N_("given name")},
    {"last_name", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_NAME | CRM_F_PERSONAL,
     .aliases = "apellidos|apellido|last|surname|family name", .help = N_("family name")},
    {"company", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH,
     .aliases = "empresa|organization|organisation|organizacion|compania",
     .help = N_("the organisation, as the lead gave it")},
    {"title", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "cargo|puesto|job title|position",
     .help = N_("job title")},
    {"email", CRM_T_EMAIL, CRM_F_LIST | CRM_F_SEARCH | CRM_F_PERSONAL,
     .aliases = "e-mail|correo|correo electronico|mail|email address|email 1",
     .help = N_("e-mail address")},
    {"phone", CRM_T_PHONE, CRM_F_LIST | CRM_F_SEARCH | CRM_F_PERSONAL,
     .aliases = "telefono|tel|phone 1|telephone|movil|mobile", .help = N_("phone number")},
    {"website", CRM_T_URL, CRM_F_SEARCH, .aliases = "web|url|sitio web", .help = N_("web address")},
    {"city", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "ciudad|localidad|town", .help = N_("city")},
    {"country", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "pais|nation", .help = N_("country")},
    {"source", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH, .aliases = "origen|fuente|lead source|canal",
     .help = N_("web, referral, event, campaign, cold call, partner ...")},
    {"status", CRM_T_CHOICE, CRM_F_LIST, .choices = "new,contacted,qualified,unqualified,converted",
     .aliases = "estado|deal stage|lead status", .help = N_("where the lead stands"),
     .dflt = "new"},
    {"score", CRM_T_NUMBER, CRM_F_LIST, .aliases = "puntuacion|rating",
     .help = N_("how promising")},
    {"reason", CRM_T_TEXT, 0, .aliases = "motivo", .help = N_("why it was disqualified")},
    {"account", CRM_T_REF, 0, .ref = "account", .help = N_("the account it became")},
    {"contact", CRM_T_REF, 0, .ref = "contact", .help = N_("the contact it became")},
    {"opp", CRM_T_REF, 0, .ref = "opp", .help = N_("the opportunity it became")},
    {"campaign", CRM_T_REF, 0, .ref = "campaign", .aliases = "campana|campaign name",
     .help = N_("the campaign it came from")},
    {"partner", CRM_T_REF, 0, .ref = "account", .aliases = "socio|distribuidor|reseller",
     .help = N_("the partner account that brought it")},
    {"optout", CRM_T_BOOL, 0, .aliases = "opt-out|opt out|no marketing|baja|unsubscribed",
     .help = N_("no marketing messages (yes/no); the contact it becomes keeps it")},
    TRAILER_FIELDS,
};

static const struct crm_field opp_fields[] = {
    {"id", CRM_T_ID, CRM_F_LIST | CRM_F_READONLY, .help = N_("record number")},
    {"name", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_REQUIRED | CRM_F_NAME,
     .aliases = "nombre|opportunity|oportunidad|deal|opportunity name|opportunity_id",
     .help = N_("what the deal is")},
    {"account", CRM_T_REF, CRM_F_LIST | CRM_F_SEARCH, .ref = "account",
     .aliases = "cuenta|empresa|company|cliente|customer", .help = N_("the organisation")},
    {"contact", CRM_T_REF, CRM_F_SEARCH, .ref = "contact", .aliases = "contacto",
     .help = N_("the person")},
    {"product", CRM_T_REF, 0, .ref = "product", .aliases = "producto",
     .help = N_("the main product, when there are no items")},
    {"pipeline", CRM_T_TEXT, 0, .aliases = "embudo", .help = N_("which pipeline (default)"),
     .dflt = "default"},
    {"stage", CRM_T_CHOICE, CRM_F_LIST, .choices = "@stage",
     .aliases = "etapa|fase|deal stage|deal_stage", .help = N_("stage in its pipeline")},
    {"amount", CRM_T_MONEY, CRM_F_LIST, .aliases = "importe|valor|value|close value|close_value",
     .help = N_("value; the items' total when it has items")},
    {"currency", CRM_T_TEXT, 0, .aliases = "moneda|divisa",
     .help = N_("ISO 4217 code ($CRM_CURRENCY, else EUR)"), .dflt = "$CRM_CURRENCY:EUR"},
    {"probability", CRM_T_NUMBER, CRM_F_LIST, .aliases = "probabilidad|prob",
     .help = N_("chance of winning, percent (from the stage unless set)")},
    {"close", CRM_T_DATE, CRM_F_LIST,
     .aliases = "cierre|close date|expected close|expected close date|fecha cierre|"
                "fecha de cierre|fecha prevista|fecha prevista de cierre|cierre previsto",
     .help = N_("expected close date")},
    {"closed", CRM_T_DATE, 0, .aliases = "cerrada|closed date",
     .help = N_("when it was won or lost")},
    {"source", CRM_T_TEXT, 0, .aliases = "origen|fuente", .help = N_("where it came from")},
    {"next_step", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "siguiente paso|next step",
     .help = N_("what happens next")},
    {"lost_reason", CRM_T_TEXT, 0, .aliases = "motivo perdida|loss reason",
     .help = N_("why it was lost")},
    {"campaign", CRM_T_REF, 0, .ref = "campaign", .aliases = "campana|campaign name",
     .help = N_("the campaign it came from")},
    {"partner", CRM_T_REF, 0, .ref = "account", .aliases = "socio|distribuidor|reseller",
     .help = N_("the partner account that works the deal")},
    TRAILER_FIELDS,
};

static const struct crm_field item_fields[] = {
    {"id", CRM_T_ID, CRM_F_LIST | CRM_F_READONLY, .help = N_("record number")},
    {"opp", CRM_T_REF, CRM_F_LIST | CRM_F_OWNED, .ref = "opp", .aliases = "oportunidad",
     .help = N_("the opportunity (or the quote) it belongs to")},
    {"quote", CRM_T_REF, CRM_F_OWNED, .ref = "quote", .aliases = "oferta|presupuesto",
     .help = N_("the quote it belongs to")},
    {"product", CRM_T_REF, CRM_F_LIST | CRM_F_REQUIRED, .ref = "product", .aliases = "producto|sku",
     .help = N_("the product, by sku or id")},
    {"qty", CRM_T_NUMBER, CRM_F_LIST, .aliases = "cantidad|quantity|unidades",
     .help = N_("quantity"), .dflt = "1"},
    {"price", CRM_T_MONEY, CRM_F_LIST, .aliases = "precio|unit price",
     .help = N_("unit price (the product's unless set)")},
    {"discount", CRM_T_NUMBER, CRM_F_LIST, .aliases = "descuento|dto",
     .help = N_("discount, percent (10 or 10%)")},
    {"total", CRM_T_MONEY, CRM_F_LIST | CRM_F_READONLY, .help = N_("qty × price less discount")},
    TRAILER_FIELDS,
};

static const struct crm_field quote_fields[] = {
    {"id", CRM_T_ID, CRM_F_LIST | CRM_F_READONLY, .help = N_("record number")},
    {"number", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_READONLY | CRM_F_NAME,
     .help = N_("Q-YEAR-NNNN, given when it is added")},
    {"version", CRM_T_NUMBER, CRM_F_LIST | CRM_F_READONLY,
     .help = N_("1, then one more at each revision")},
    {"opp", CRM_T_REF, CRM_F_LIST | CRM_F_REQUIRED | CRM_F_SEARCH | CRM_F_OWNED, .ref = "opp",
     .aliases = "oportunidad", .help = N_("the opportunity it offers for")},
    {"status", CRM_T_CHOICE, CRM_F_LIST, .choices = "draft,sent,accepted,rejected,expired",
     .aliases = "estado", .help = N_("where the quote stands"), .dflt = "draft"},
    {"valid_until", CRM_T_DATE, CRM_F_LIST,
     .aliases = "validez|valida hasta|fecha de validez|valid until|expires",
     .help = N_("last day the offer holds (30 days unless set)")},
    {"currency", CRM_T_TEXT, 0, .aliases = "moneda|divisa",
     .help = N_("ISO 4217 code ($CRM_CURRENCY, else EUR)"), .dflt = "$CRM_CURRENCY:EUR"},
    {"discount", CRM_T_NUMBER, 0, .aliases = "descuento|dto",
     .help = N_("discount on the whole quote, percent")},
    {"tax", CRM_T_NUMBER, 0, .aliases = "iva|impuesto|vat|tax rate",
     .help = N_("tax rate, percent")},
    {"subtotal", CRM_T_MONEY, CRM_F_READONLY, .help = N_("the lines' total, less their discounts")},
    {"tax_amount", CRM_T_MONEY, CRM_F_READONLY, .help = N_("tax on the discounted subtotal")},
    {"total", CRM_T_MONEY, CRM_F_LIST | CRM_F_READONLY, .help = N_("what the customer pays")},
    {"terms", CRM_T_TEXT, 0, .aliases = "condiciones|conditions|payment terms",
     .help = N_("terms and conditions")},
    TRAILER_FIELDS,
};

/* What an activity is about: any of these, by id or name. */
#define ABOUT_FIELDS                                                                               \
	{"contact",                                                                                \
	 CRM_T_REF,                                                                                \
	 CRM_F_LIST | CRM_F_SEARCH,                                                                \
	 .ref = "contact",                                                                         \
	 .aliases = "contacto|persona|person",                                                     \
	 .help = N_("the person it is about")},                                                    \
	    {"account",                                                                            \
	     CRM_T_REF,                                                                            \
	     CRM_F_SEARCH,                                                                         \
	     .ref = "account",                                                                     \
	     .aliases = "cuenta|empresa|company",                                                  \
	     .help = N_("the organisation it is about")},                                          \
	    {"lead", CRM_T_REF, 0, .ref = "lead", .aliases = "prospecto", .help = N_("the lead")}, \
	    {"opp",                                                                                \
	     CRM_T_REF,                                                                            \
	     0,                                                                                    \
	     .ref = "opp",                                                                         \
	     .aliases = "oportunidad",                                                             \
	     .help = N_("the opportunity")},                                                       \
	{                                                                                          \
		"case", CRM_T_REF, 0, .ref = "case", .aliases = "caso|ticket|incidencia",          \
		                      .help = N_("the customer service case")                      \
	}

static const struct crm_field task_fields[] = {
    {"id", CRM_T_ID, CRM_F_LIST | CRM_F_READONLY, .help = N_("record number")},
    {"subject", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_REQUIRED | CRM_F_NAME,
     .aliases = "asunto|tarea|task|title|summary", .help = N_("what is to be done")},
    {"kind", CRM_T_CHOICE, CRM_F_LIST, .choices = "todo,call,email,meeting,visit",
     .aliases = "tipo|type", .help = N_("todo, call, email, meeting or visit"), .dflt = "todo"},
    {"due", CRM_T_WHEN, CRM_F_LIST,
     .aliases = "vence|vencimiento|fecha|fecha de vencimiento|fecha limite|due date|deadline",
     .help = N_("when: a date, or a date and time")},
    {"remind", CRM_T_TEXT, CRM_F_TIME, .aliases = "aviso|recordatorio|reminder",
     .help = N_("when to remind: a date and time, or before due (-1h, -30m, -2d)")},
    {"priority", CRM_T_CHOICE, CRM_F_LIST, .choices = "high,normal,low", .aliases = "prioridad",
     .help = N_("high, normal or low"), .dflt = "normal"},
    {"status", CRM_T_CHOICE, CRM_F_LIST, .choices = "open,done,cancelled", .aliases = "estado",
     .help = N_("open, done or cancelled"), .dflt = "open"},
    {"recur", CRM_T_TEXT, 0, .aliases = "repetir|repeat|recurrence",
     .help = N_("daily, weekdays, weekly, monthly, yearly, every 2w ... [from done]")},
    {"anchor", CRM_T_NUMBER, CRM_F_READONLY,
     .help = N_("the day of the month a monthly or yearly series keeps")},
    {"reminded", CRM_T_TIMESTAMP, CRM_F_READONLY, .help = N_("when remind printed it")},
    {"finished", CRM_T_TIMESTAMP, CRM_F_READONLY, .help = N_("when it was done or cancelled")},
    {"uid", CRM_T_TEXT, CRM_F_UNIQUE, .aliases = "ical uid|icalendar uid",
     .help = N_("the id calendars know the task by (iCalendar UID)")},
    ABOUT_FIELDS,
    TRAILER_FIELDS,
};

static const struct crm_field interaction_fields[] = {
    {"id", CRM_T_ID, CRM_F_LIST | CRM_F_READONLY, .help = N_("record number")},
    {"at", CRM_T_TIMESTAMP, CRM_F_LIST, .aliases = "cuando|fecha|date|when|time",
     .help = N_("when it happened (now unless given)")},
    {"channel", CRM_T_CHOICE, CRM_F_LIST,
     .choices = "phone,email,meeting,visit,web,chat,fax,letter,note", .aliases = "canal|medio|type",
     .help = N_("how"), .dflt = "note"},
    {"direction", CRM_T_CHOICE, CRM_F_LIST, .choices = "in,out", .aliases = "sentido",
     .help = N_("in (they reached us) or out (we reached them)")},
    {"subject", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_NAME,
     .aliases = "asunto|tema|title|summary", .help = N_("what it was about")},
    {"body", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "texto|cuerpo|content|message|mensaje",
     .help = N_("what was said (body=- reads standard input)")},
    {"outcome", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "resultado|result",
     .help = N_("how it ended")},
    {"message_id", CRM_T_TEXT, 0, .aliases = "message-id",
     .help = N_("the e-mail's Message-ID, without <> (crm mail: each mail once)")},
    ABOUT_FIELDS,
    TRAILER_FIELDS,
};

static const struct crm_field case_fields[] = {
    {"id", CRM_T_ID, CRM_F_LIST | CRM_F_READONLY, .help = N_("record number")},
    {"subject", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_REQUIRED | CRM_F_NAME,
     .aliases = "asunto|titulo|title|summary", .help = N_("what the customer needs, in a line")},
    {"kind", CRM_T_CHOICE, CRM_F_LIST, .choices = "complaint,return,request,information,incident",
     .aliases = "tipo|type|case type",
     .help = N_("complaint, return, request (service), information (request) or incident"),
     .dflt = "request"},
    {"priority", CRM_T_CHOICE, CRM_F_LIST, .choices = "urgent,high,normal,low",
     .aliases = "prioridad", .help = N_("urgent, high, normal or low: sets the due times"),
     .dflt = "normal"},
    {"status", CRM_T_CHOICE, CRM_F_LIST, .choices = "new,open,pending,resolved,closed",
     .aliases = "estado", .help = N_("new, open, pending (on the customer), resolved or closed"),
     .dflt = "new"},
    {"channel", CRM_T_CHOICE, 0, .choices = "phone,email,web,chat,visit,letter",
     .aliases = "canal|origin|origen", .help = N_("how the customer reached us")},
    {"contact", CRM_T_REF, CRM_F_LIST | CRM_F_SEARCH, .ref = "contact",
     .aliases = "contacto|cliente|customer", .help = N_("the person")},
    {"account", CRM_T_REF, CRM_F_SEARCH, .ref = "account", .aliases = "cuenta|empresa|company",
     .help = N_("the organisation (the contact's unless given)")},
    {"product", CRM_T_REF, 0, .ref = "product", .aliases = "producto|sku",
     .help = N_("the product it is about (a return's product)")},
    {"opp", CRM_T_REF, 0, .ref = "opp", .aliases = "oportunidad|pedido|order",
     .help = N_("the sale it is about")},
    {"asset", CRM_T_REF, 0, .ref = "asset", .aliases = "equipo|activo|serial|numero de serie",
     .help = N_("the customer's unit it is about (its product unless given)")},
    {"description", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "detalle|details",
     .help = N_("the customer's account of it")},
    {"resolution", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "resolucion|solucion|solution",
     .help = N_("what was done")},
    {"qty", CRM_T_NUMBER, 0, .aliases = "cantidad|quantity", .help = N_("a return's quantity")},
    {"reason", CRM_T_TEXT, 0, .aliases = "motivo|return reason", .help = N_("why it is returned")},
    {"respond_by", CRM_T_TIMESTAMP, CRM_F_READONLY,
     .help = N_("first reply due (opened + the priority's response time)")},
    {"resolve_by", CRM_T_TIMESTAMP, CRM_F_LIST | CRM_F_READONLY,
     .help = N_("resolution due (opened + resolution time + time pending)")},
    {"responded", CRM_T_TIMESTAMP, CRM_F_READONLY, .help = N_("when the first reply went out")},
    {"paused", CRM_T_TIMESTAMP, CRM_F_READONLY,
     .help = N_("pending since: the resolution clock stops")},
    {"held", CRM_T_NUMBER, CRM_F_READONLY,
     .help = N_("minutes it was pending before, added to the resolution time")},
    {"resolved", CRM_T_TIMESTAMP, CRM_F_READONLY, .help = N_("when it was resolved")},
    {"closed", CRM_T_TIMESTAMP, CRM_F_READONLY, .help = N_("when it was closed")},
    {"csat", CRM_T_NUMBER, 0, .aliases = "satisfaccion|satisfaction",
     .help = N_("the customer's satisfaction, 1 to 5")},
    {"nps", CRM_T_NUMBER, 0, .aliases = "recomendacion|recommend",
     .help = N_("how likely they recommend us, 0 to 10")},
    {"warned", CRM_T_TIMESTAMP, CRM_F_READONLY | CRM_F_NOEXPORT,
     .help = N_("when 'breaches' last told of the case's due times")},
    TRAILER_FIELDS,
};

static const struct crm_field asset_fields[] = {
    {"id", CRM_T_ID, CRM_F_LIST | CRM_F_READONLY, .help = N_("record number")},
    {"product", CRM_T_REF, CRM_F_LIST | CRM_F_REQUIRED | CRM_F_SEARCH, .ref = "product",
     .aliases = "producto|sku|modelo|model", .help = N_("what it is")},
    {"serial", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_UNIQUE | CRM_F_NAME,
     .aliases = "numero de serie|serie|serial number|n serie|sn",
     .help = N_("serial number (unique)")},
    {"account", CRM_T_REF, CRM_F_LIST | CRM_F_SEARCH, .ref = "account",
     .aliases = "cuenta|cliente|customer|empresa|company", .help = N_("who owns it")},
    {"contact", CRM_T_REF, 0, .ref = "contact", .aliases = "contacto",
     .help = N_("the person in charge of it")},
    {"opp", CRM_T_REF, 0, .ref = "opp", .aliases = "oportunidad|pedido|order",
     .help = N_("the sale it came from")},
    {"qty", CRM_T_NUMBER, 0, .aliases = "cantidad|quantity|unidades", .help = N_("how many"),
     .dflt = "1"},
    {"installed", CRM_T_DATE, 0, .aliases = "instalado|instalacion|install date|fecha instalacion",
     .help = N_("when it was installed or delivered")},
    {"warranty_end", CRM_T_DATE, CRM_F_LIST,
     .aliases = "fin garantia|garantia|warranty|warranty end|warranty until",
     .help = N_("last day under warranty")},
    {"contract_end", CRM_T_DATE, CRM_F_LIST,
     .aliases = "fin contrato|contrato|contract|contract end|service contract",
     .help = N_("last day of its service contract")},
    {"location", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "ubicacion|lugar|site|sede",
     .help = N_("where it is")},
    {"status", CRM_T_CHOICE, CRM_F_LIST, .choices = "active,returned,retired", .aliases = "estado",
     .help = N_("active, returned or retired"), .dflt = "active"},
    TRAILER_FIELDS,
};

/*
 * The people who own records: owner fields hold a user's login.  No owner of
 * their own: a user is the team's, and the trailer's owner would name one.
 */
static const struct crm_field user_fields[] = {
    {"id", CRM_T_ID, CRM_F_LIST | CRM_F_READONLY, .help = N_("record number")},
    {"login", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_UNIQUE,
     .aliases = "usuario|user|username|login name|sales agent|sales_agent|agent|agente",
     .help = N_("the name owner fields hold (unique; default: the name)")},
    {"name", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_NAME,
     .aliases = "nombre|full name|nombre completo", .help = N_("full name (default: the login)")},
    {"email", CRM_T_EMAIL, CRM_F_LIST | CRM_F_SEARCH, .aliases = "e-mail|correo",
     .help = N_("e-mail address")},
    {"team", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH, .aliases = "equipo|sales team",
     .help = N_("the team the user sells or serves in")},
    {"manager", CRM_T_REF, CRM_F_LIST, .ref = "user", .aliases = "jefe|supervisor|gerente",
     .help = N_("the user's manager, by login, name or id")},
    {"region", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH,
     .aliases = "zona|regional office|regional_office|office|oficina|territory|territorio",
     .help = N_("the user's sales region or office")},
    {"role", CRM_T_CHOICE, CRM_F_LIST, .choices = "admin,manager,rep,readonly", .aliases = "rol",
     .help = N_("admin, manager, rep or readonly"), .dflt = "rep"},
    {"tags", CRM_T_TAGS, CRM_F_SEARCH, .aliases = "etiquetas|labels|categories",
     .help = N_("labels, comma-separated")},
    {"notes", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "notas|comments|comentarios",
     .help = N_("free text")},
    {"created", CRM_T_TIMESTAMP, CRM_F_READONLY, .aliases = "creado|created at",
     .help = N_("when the record was added (UTC)")},
    {"updated", CRM_T_TIMESTAMP, CRM_F_READONLY, .aliases = "actualizado|updated at",
     .help = N_("when the record last changed (UTC)")},
};

static const struct crm_field campaign_fields[] = {
    {"id", CRM_T_ID, CRM_F_LIST | CRM_F_READONLY, .help = N_("record number")},
    {"name", CRM_T_TEXT, CRM_F_LIST | CRM_F_SEARCH | CRM_F_REQUIRED | CRM_F_UNIQUE | CRM_F_NAME,
     .aliases = "nombre|campana|campaign|campaign name", .help = N_("what it is called (unique)")},
    {"channel", CRM_T_CHOICE, CRM_F_LIST, .choices = "email,phone,event,web,ads,mail",
     .aliases = "canal|medio|type|tipo", .help = N_("email, phone, event, web, ads or mail")},
    {"status", CRM_T_CHOICE, CRM_F_LIST, .choices = "planned,active,done,cancelled",
     .aliases = "estado", .help = N_("planned, active, done or cancelled"), .dflt = "planned"},
    {"start", CRM_T_DATE, CRM_F_LIST, .aliases = "inicio|fecha de inicio|start date|desde|from",
     .help = N_("first day")},
    {"end", CRM_T_DATE, CRM_F_LIST, .aliases = "fin|fecha de fin|end date|hasta|to",
     .help = N_("last day")},
    {"budget", CRM_T_MONEY, 0, .aliases = "presupuesto", .help = N_("what it may cost")},
    {"cost", CRM_T_MONEY, CRM_F_LIST, .aliases = "coste|costo|actual cost|gasto",
     .help = N_("what it actually cost")},
    {"expected", CRM_T_MONEY, 0, .aliases = "ingresos esperados|expected revenue",
     .help = N_("the revenue it is expected to bring")},
    {"currency", CRM_T_TEXT, 0, .aliases = "moneda|divisa",
     .help = N_("ISO 4217 code ($CRM_CURRENCY, else EUR)"), .dflt = "$CRM_CURRENCY:EUR"},
    {"description", CRM_T_TEXT, CRM_F_SEARCH, .aliases = "objetivo|goal",
     .help = N_("what it offers, to whom")},
    TRAILER_FIELDS,
};

static const struct crm_field member_fields[] = {
    {"id", CRM_T_ID, CRM_F_LIST | CRM_F_READONLY, .help = N_("record number")},
    {"campaign", CRM_T_REF, CRM_F_LIST | CRM_F_REQUIRED | CRM_F_OWNED, .ref = "campaign",
     .aliases = "campana", .help = N_("the campaign")},
    {"contact", CRM_T_REF, CRM_F_LIST, .ref = "contact", .aliases = "contacto",
     .help = N_("the person, a contact")},
    {"lead", CRM_T_REF, CRM_F_LIST, .ref = "lead", .aliases = "prospecto",
     .help = N_("or the person, a lead")},
    {"status", CRM_T_CHOICE, CRM_F_LIST,
     .choices = "targeted,sent,responded,converted,unsubscribed", .aliases = "estado",
     .help = N_("targeted, sent, responded, converted or unsubscribed"), .dflt = "targeted"},
    TRAILER_FIELDS,
};

const struct crm_entity crm_entity_account = {
    .name = "account",
    .plural = "accounts",
    .fields = account_fields,
    .nfields = COUNT(account_fields),
    .sort = "name",
};

const struct crm_entity crm_entity_contact = {
    .name = "contact",
    .plural = "contacts",
    .fields = contact_fields,
    .nfields = COUNT(contact_fields),
    .sort = "last_name",
};

const struct crm_entity crm_entity_product = {
    .name = "product",
    .plural = "products",
    .fields = product_fields,
    .nfields = COUNT(product_fields),
    .sort = "sku",
};

const struct crm_entity crm_entity_lead = {
    .name = "lead",
    .plural = "leads",
    .fields = lead_fields,
    .nfields = COUNT(lead_fields),
    .sort = "last_name",
};

const struct crm_entity crm_entity_opp = {
    .name = "opp",
    .plural = "opps",
    .fields = opp_fields,
    .nfields = COUNT(opp_fields),
    .sort = "name",
    .track = "stage",
    .stage = "stage",
};

const struct crm_entity crm_entity_item = {
    .name = "item",
    .plural = "items",
    .fields = item_fields,
    .nfields = COUNT(item_fields),
    .sort = "id",
    .part_of = "opp",
};

const struct crm_entity crm_entity_quote = {
    .name = "quote",
    .plural = "quotes",
    .fields = quote_fields,
    .nfields = COUNT(quote_fields),
    .sort = "number",
    .track = "status",
    .renders = "html,text",
};

const struct crm_entity crm_entity_task = {
    .name = "task",
    .plural = "tasks",
    .fields = task_fields,
    .nfields = COUNT(task_fields),
    .sort = "due",
    .list_where = "status=open",
    .related_where = "status=open",
};

const struct crm_entity crm_entity_interaction = {
    .name = "interaction",
    .plural = "interactions",
    .command = "log",
    .fields = interaction_fields,
    .nfields = COUNT(interaction_fields),
    .sort = "at",
    .related_sort = "-at",
    .related_limit = 5,
};

const struct crm_entity crm_entity_case = {
    .name = "case",
    .plural = "cases",
    .fields = case_fields,
    .nfields = COUNT(case_fields),
    .sort = "id",
    .track = "status",
    .closes = "status=closed",
    .list_where = "status=new,open,pending",
    .related_sort = "-id",
    .related_limit = 10,
};

const struct crm_entity crm_entity_campaign = {
    .name = "campaign",
    .plural = "campaigns",
    .fields = campaign_fields,
    .nfields = COUNT(campaign_fields),
    .sort = "start",
    .track = "status",
};

const struct crm_entity crm_entity_member = {
    .name = "member",
    .plural = "members",
    .fields = member_fields,
    .nfields = COUNT(member_fields),
    .sort = "id",
    .part_of = "campaign",
    .related_sort = "-id",
    .related_limit = 10,
};

const struct crm_entity crm_entity_asset = {
    .name = "asset",
    .plural = "assets",
    .fields = asset_fields,
    .nfields = COUNT(asset_fields),
    .sort = "id",
};

const struct crm_entity crm_entity_user = {
    .name = "user",
    .plural = "users",
    .fields = user_fields,
    .nfields = COUNT(user_fields),
    .sort = "login",
    .key = "login",
};

const struct crm_entity *const crm_entities[] = {
    &crm_entity_account, &crm_entity_contact,  &crm_entity_product,
    &crm_entity_lead,    &crm_entity_opp,      &crm_entity_quote,
    &crm_entity_item,    &crm_entity_task,     &crm_entity_interaction,
    &crm_entity_case,    &crm_entity_campaign, &crm_entity_member,
    &crm_entity_asset,   &crm_entity_user,     NULL,
};

const struct crm_entity *crm_entity_find(const char *name)
{
	for (int i = 0; crm_entities[i]; i++)
		if (!strcasecmp(crm_entities[i]->name, name) ||
		    !strcasecmp(crm_entities[i]->plural, name) ||
		    (crm_entities[i]->command && !strcasecmp(crm_entities[i]->command, name)))
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
