/* yamlkit._compose: libyaml's events -> light node trees with positions.
 *
 * The same trees PyYAML's C composer (CParser.get_node) builds, at a fraction of the cost: each
 * node is one small C object whose start/end positions are plain integers (a Mark object is made
 * only when someone asks for one), and tags are resolved here instead of through three Python
 * hooks per node. yamlkit.parse uses it for every file and falls back to PyYAML's composer, from
 * the first document this module does not take, whenever it raises Unsupported: a libyaml error
 * (PyYAML then reports it with its own messages and marks), an alias PyYAML would reject or that
 * points into the collection that holds it (undefined, recursive, a duplicate anchor), text that
 * is not valid UTF-8, or nesting deeper than MAX_DEPTH.
 *
 * An alias is the very node its anchor names, as in PyYAML. Recursive aliases are left to PyYAML,
 * so a tree from here never contains a cycle and its nodes need no garbage-collector support.
 *
 * A node has the attributes yamlkit reads from PyYAML's nodes: id ("scalar", "sequence",
 * "mapping"), tag, value (the text; a list of nodes; a list of (key, value) node pairs), style,
 * flow_style, start_mark and end_mark (with index, line and column, 0-based).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <yaml.h>

/* Deeper documents go to PyYAML's composer (which yamlkit's depth limits already guard): this
 * composer recurses in C and must not exhaust a thread's stack. */
#define MAX_DEPTH 2000

static PyObject *Unsupported;      /* exception: hand this stream to PyYAML's composer */
static PyObject *ID_SCALAR, *ID_SEQUENCE, *ID_MAPPING, *STREAM_NAME;
static PyObject *STYLE_PLAIN, *STYLE_SINGLE, *STYLE_DOUBLE, *STYLE_LITERAL, *STYLE_FOLDED;

/* ---- Mark: a position, made on demand ---------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    Py_ssize_t index, line, column;
} MarkObject;

static PyMemberDef Mark_members[] = {
    {"index", T_PYSSIZET, offsetof(MarkObject, index), READONLY, "characters before the position"},
    {"line", T_PYSSIZET, offsetof(MarkObject, line), READONLY, "0-based line"},
    {"column", T_PYSSIZET, offsetof(MarkObject, column), READONLY, "0-based column"},
    {NULL}
};

static PyObject *Mark_name(PyObject *self, void *closure) { return Py_NewRef(STREAM_NAME); }
static PyObject *Mark_none(PyObject *self, void *closure) { Py_RETURN_NONE; }

static PyGetSetDef Mark_getset[] = {
    {"name", Mark_name, NULL, "the stream's name, as PyYAML gives it for a str", NULL},
    {"buffer", Mark_none, NULL, "always None (as in PyYAML's C marks)", NULL},
    {"pointer", Mark_none, NULL, "always None (as in PyYAML's C marks)", NULL},
    {NULL}
};

static PyObject *Mark_get_snippet(PyObject *self, PyObject *unused) { Py_RETURN_NONE; }

static PyMethodDef Mark_methods[] = {
    {"get_snippet", Mark_get_snippet, METH_NOARGS, "always None (as in PyYAML's C marks)"},
    {NULL}
};

static PyObject *Mark_str(MarkObject *self)
{
    return PyUnicode_FromFormat("  in \"<unicode string>\", line %zd, column %zd", self->line + 1, self->column + 1);
}

static PyTypeObject MarkType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "yamlkit._compose.Mark",
    .tp_basicsize = sizeof(MarkObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A position in the text (0-based line and column).",
    .tp_members = Mark_members,
    .tp_getset = Mark_getset,
    .tp_methods = Mark_methods,
    .tp_str = (reprfunc)Mark_str,
};

static PyObject *new_mark(Py_ssize_t index, Py_ssize_t line, Py_ssize_t column)
{
    MarkObject *mark = PyObject_New(MarkObject, &MarkType);
    if (mark == NULL)
        return NULL;
    mark->index = index;
    mark->line = line;
    mark->column = column;
    return (PyObject *)mark;
}

/* ---- Node ------------------------------------------------------------------------------- */

/* Not tracked by the garbage collector: without aliases a tree has no cycles. */
typedef struct {
    PyObject_HEAD
    PyObject *id, *tag, *value, *style, *flow_style;
    Py_ssize_t start_index, start_line, start_column;
    Py_ssize_t end_index, end_line, end_column;
} NodeObject;

static void Node_dealloc(NodeObject *self)
{
    Py_XDECREF(self->tag);
    Py_XDECREF(self->value);
    Py_XDECREF(self->style);
    Py_XDECREF(self->flow_style);
    Py_XDECREF(self->id);
    PyObject_Free(self);
}

static PyMemberDef Node_members[] = {
    {"id", T_OBJECT, offsetof(NodeObject, id), READONLY, "'scalar', 'sequence' or 'mapping'"},
    {"tag", T_OBJECT, offsetof(NodeObject, tag), READONLY, "the resolved or explicit tag"},
    {"value", T_OBJECT, offsetof(NodeObject, value), READONLY, "text, list of nodes, or list of (key, value) pairs"},
    {"style", T_OBJECT, offsetof(NodeObject, style), READONLY, "a scalar's style: '', \"'\", '\"', '|' or '>'"},
    {"flow_style", T_OBJECT, offsetof(NodeObject, flow_style), READONLY, "a collection's: True for [..] / {..}"},
    {NULL}
};

static PyObject *Node_start_mark(NodeObject *self, void *closure)
{
    return new_mark(self->start_index, self->start_line, self->start_column);
}

static PyObject *Node_end_mark(NodeObject *self, void *closure)
{
    return new_mark(self->end_index, self->end_line, self->end_column);
}

static PyGetSetDef Node_getset[] = {
    {"start_mark", (getter)Node_start_mark, NULL, "where the node starts", NULL},
    {"end_mark", (getter)Node_end_mark, NULL, "where the node ends", NULL},
    {NULL}
};

static PyObject *Node_repr(NodeObject *self)
{
    return PyUnicode_FromFormat("<%U node %R at line %zd, column %zd>", self->id, self->tag, self->start_line + 1,
                                self->start_column + 1);
}

static PyTypeObject NodeType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "yamlkit._compose.Node",
    .tp_basicsize = sizeof(NodeObject),
    .tp_dealloc = (destructor)Node_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A composed YAML node (scalar, sequence or mapping) with its position.",
    .tp_members = Node_members,
    .tp_getset = Node_getset,
    .tp_repr = (reprfunc)Node_repr,
};

/* A node that owns `tag` and `value` (new references); id and style are borrowed and taken. */
static NodeObject *new_node(PyObject *id, PyObject *tag, PyObject *value, PyObject *style, PyObject *flow_style,
                            yaml_mark_t start)
{
    NodeObject *node = PyObject_New(NodeObject, &NodeType);
    if (node == NULL) {
        Py_DECREF(tag);
        Py_DECREF(value);
        return NULL;
    }
    node->id = Py_NewRef(id);
    node->tag = tag;
    node->value = value;
    node->style = Py_NewRef(style);
    node->flow_style = Py_NewRef(flow_style);
    node->start_index = (Py_ssize_t)start.index;
    node->start_line = (Py_ssize_t)start.line;
    node->start_column = (Py_ssize_t)start.column;
    node->end_index = node->start_index;
    node->end_line = node->start_line;
    node->end_column = node->start_column;
    return node;
}

static void set_end(NodeObject *node, yaml_mark_t end)
{
    node->end_index = (Py_ssize_t)end.index;
    node->end_line = (Py_ssize_t)end.line;
    node->end_column = (Py_ssize_t)end.column;
}

/* ---- Composer --------------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    yaml_parser_t parser;
    yaml_event_t event;     /* the event parsed but not consumed yet; YAML_NO_EVENT when none */
    PyObject *utf8;         /* the text as UTF-8 bytes: libyaml reads it in place */
    PyObject *plain_tag, *str_tag, *seq_tag, *map_tag;
    PyObject *anchors;      /* the current document's anchors: name -> node, None while it is composed */
    int parser_ready;
} ComposerObject;

static void Composer_dealloc(ComposerObject *self)
{
    if (self->parser_ready) {
        yaml_event_delete(&self->event);
        yaml_parser_delete(&self->parser);
    }
    Py_XDECREF(self->utf8);
    Py_XDECREF(self->plain_tag);
    Py_XDECREF(self->str_tag);
    Py_XDECREF(self->seq_tag);
    Py_XDECREF(self->map_tag);
    Py_XDECREF(self->anchors);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int Composer_init(ComposerObject *self, PyObject *args, PyObject *kwds)
{
    static char *keywords[] = {"text", "plain_tag", "str_tag", "seq_tag", "map_tag", NULL};
    PyObject *text, *plain_tag, *str_tag, *seq_tag, *map_tag;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "UUUUU", keywords, &text, &plain_tag, &str_tag, &seq_tag, &map_tag))
        return -1;
    if (self->parser_ready)
        return 0;  /* __init__ called twice: keep the first stream */
    PyObject *utf8 = PyUnicode_AsUTF8String(text);
    if (utf8 == NULL) {  /* lone surrogates: let PyYAML's composer report it */
        PyErr_Clear();
        PyErr_SetString(Unsupported, "the text cannot be encoded as UTF-8");
        return -1;
    }
    PyObject *anchors = PyDict_New();
    if (anchors == NULL) {
        Py_DECREF(utf8);
        return -1;
    }
    if (!yaml_parser_initialize(&self->parser)) {
        Py_DECREF(utf8);
        Py_DECREF(anchors);
        PyErr_NoMemory();
        return -1;
    }
    self->anchors = anchors;
    self->utf8 = utf8;
    yaml_parser_set_input_string(&self->parser, (const unsigned char *)PyBytes_AS_STRING(utf8),
                                 (size_t)PyBytes_GET_SIZE(utf8));
    memset(&self->event, 0, sizeof(self->event));
    self->plain_tag = Py_NewRef(plain_tag);
    self->str_tag = Py_NewRef(str_tag);
    self->seq_tag = Py_NewRef(seq_tag);
    self->map_tag = Py_NewRef(map_tag);
    self->parser_ready = 1;
    return 0;
}

static int unsupported(const char *why)
{
    PyErr_SetString(Unsupported, why);
    return 0;
}

/* Make sure an event is waiting in self->event (parse one if the last was consumed). */
static int next_event(ComposerObject *self)
{
    if (self->event.type != YAML_NO_EVENT)
        return 1;
    if (!yaml_parser_parse(&self->parser, &self->event)) {
        memset(&self->event, 0, sizeof(self->event));
        return unsupported("libyaml reports an error");
    }
    return 1;
}

static void consume(ComposerObject *self)
{
    yaml_event_delete(&self->event);  /* resets the event to YAML_NO_EVENT */
}

/* A node's tag (new reference): the explicit one, or `untagged` where there is none or only `!`,
 * as PyYAML's composer decides when to ask its resolver. */
static PyObject *tag_of(const yaml_char_t *tag, PyObject *untagged)
{
    if (tag == NULL || (tag[0] == '!' && tag[1] == '\0'))
        return Py_NewRef(untagged);
    return PyUnicode_DecodeUTF8((const char *)tag, (Py_ssize_t)strlen((const char *)tag), "strict");
}

static PyObject *scalar_style(yaml_scalar_style_t style)
{
    switch (style) {
    case YAML_PLAIN_SCALAR_STYLE: return STYLE_PLAIN;
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: return STYLE_SINGLE;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return STYLE_DOUBLE;
    case YAML_LITERAL_SCALAR_STYLE: return STYLE_LITERAL;
    case YAML_FOLDED_SCALAR_STYLE: return STYLE_FOLDED;
    default: return Py_None;
    }
}

static PyObject *compose_node(ComposerObject *self, int depth);

static PyObject *compose_scalar(ComposerObject *self)
{
    yaml_event_t *event = &self->event;
    PyObject *value = PyUnicode_DecodeUTF8((const char *)event->data.scalar.value,
                                           (Py_ssize_t)event->data.scalar.length, "strict");
    if (value == NULL)
        return NULL;
    /* yamlkit resolves every untagged plain scalar itself; other untagged scalars are strings */
    PyObject *tag = tag_of(event->data.scalar.tag, event->data.scalar.plain_implicit ? self->plain_tag : self->str_tag);
    if (tag == NULL) {
        Py_DECREF(value);
        return NULL;
    }
    NodeObject *node = new_node(ID_SCALAR, tag, value, scalar_style(event->data.scalar.style), Py_None,
                                event->start_mark);
    if (node != NULL)
        set_end(node, event->end_mark);
    consume(self);
    return (PyObject *)node;
}

static PyObject *flow_style(int style, int flow, int block)
{
    if (style == flow)
        return Py_True;
    if (style == block)
        return Py_False;
    return Py_None;
}

/* An empty sequence or mapping node for the *_START event waiting in self->event, which it consumes. */
static NodeObject *start_collection(ComposerObject *self, PyObject *id, const yaml_char_t *tag_text,
                                    PyObject *untagged, PyObject *flow)
{
    PyObject *tag = tag_of(tag_text, untagged);
    if (tag == NULL)
        return NULL;
    PyObject *children = PyList_New(0);
    if (children == NULL) {
        Py_DECREF(tag);
        return NULL;
    }
    NodeObject *node = new_node(id, tag, children, Py_None, flow, self->event.start_mark);
    consume(self);
    return node;
}

/* A (key, value) tuple that steals both references, or NULL (releasing both). */
static PyObject *pair_of(PyObject *key, PyObject *value)
{
    PyObject *pair = PyTuple_New(2);
    if (pair == NULL) {
        Py_DECREF(key);
        Py_DECREF(value);
        return NULL;
    }
    PyTuple_SET_ITEM(pair, 0, key);
    PyTuple_SET_ITEM(pair, 1, value);
    return pair;
}

/* A sequence (a list of nodes) or a mapping (a list of (key, value) pairs), from its *_START event
 * to its *_END event. */
static PyObject *compose_collection(ComposerObject *self, int depth, int is_mapping)
{
    yaml_event_t *event = &self->event;
    NodeObject *node = is_mapping
        ? start_collection(self, ID_MAPPING, event->data.mapping_start.tag, self->map_tag,
                           flow_style(event->data.mapping_start.style, YAML_FLOW_MAPPING_STYLE, YAML_BLOCK_MAPPING_STYLE))
        : start_collection(self, ID_SEQUENCE, event->data.sequence_start.tag, self->seq_tag,
                           flow_style(event->data.sequence_start.style, YAML_FLOW_SEQUENCE_STYLE, YAML_BLOCK_SEQUENCE_STYLE));
    if (node == NULL)
        return NULL;
    yaml_event_type_t end = is_mapping ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
    for (;;) {
        if (!next_event(self))
            goto error;
        if (self->event.type == end)
            break;
        PyObject *child = compose_node(self, depth + 1);
        if (child != NULL && is_mapping) {
            PyObject *value = compose_node(self, depth + 1);
            if (value == NULL)
                Py_CLEAR(child);
            else
                child = pair_of(child, value);
        }
        if (child == NULL)
            goto error;
        int failed = PyList_Append(node->value, child);
        Py_DECREF(child);
        if (failed)
            goto error;
    }
    set_end(node, self->event.end_mark);
    consume(self);
    return (PyObject *)node;
error:
    Py_DECREF(node);
    return NULL;
}

/* The node an alias names: the anchored node itself (shared, as PyYAML shares it). */
static PyObject *compose_alias(ComposerObject *self)
{
    const yaml_char_t *anchor = self->event.data.alias.anchor;
    PyObject *name = PyUnicode_DecodeUTF8((const char *)anchor, (Py_ssize_t)strlen((const char *)anchor), "strict");
    if (name == NULL)
        return NULL;
    PyObject *node = PyDict_GetItemWithError(self->anchors, name);
    Py_DECREF(name);
    if (node == NULL || node == Py_None) {
        if (!PyErr_Occurred())
            unsupported("an undefined or recursive alias: PyYAML reports or composes it");
        return NULL;
    }
    consume(self);
    return Py_NewRef(node);
}

/* The anchor of the event waiting in self->event, or NULL. */
static const yaml_char_t *anchor_of(const yaml_event_t *event)
{
    switch (event->type) {
    case YAML_SCALAR_EVENT: return event->data.scalar.anchor;
    case YAML_SEQUENCE_START_EVENT: return event->data.sequence_start.anchor;
    case YAML_MAPPING_START_EVENT: return event->data.mapping_start.anchor;
    default: return NULL;
    }
}

static PyObject *compose_unanchored(ComposerObject *self, int depth)
{
    switch (self->event.type) {
    case YAML_SCALAR_EVENT: return compose_scalar(self);
    case YAML_SEQUENCE_START_EVENT: return compose_collection(self, depth, 0);
    case YAML_MAPPING_START_EVENT: return compose_collection(self, depth, 1);
    default: return compose_alias(self);
    }
}

static PyObject *compose_node(ComposerObject *self, int depth)
{
    if (!next_event(self))
        return NULL;
    if (depth > MAX_DEPTH) {
        unsupported("nested too deep for the C composer");
        return NULL;
    }
    const yaml_char_t *anchor = anchor_of(&self->event);
    if (anchor == NULL)
        return compose_unanchored(self, depth);
    PyObject *name = PyUnicode_DecodeUTF8((const char *)anchor, (Py_ssize_t)strlen((const char *)anchor), "strict");
    if (name == NULL)
        return NULL;
    int known = PyDict_Contains(self->anchors, name);
    /* None marks the anchor open: an alias to it from inside its own node is recursive */
    if (known != 0 || PyDict_SetItem(self->anchors, name, Py_None) < 0) {
        if (known > 0)
            unsupported("a duplicate anchor: PyYAML reports it");
        Py_DECREF(name);
        return NULL;
    }
    PyObject *node = compose_unanchored(self, depth);
    if (node != NULL && PyDict_SetItem(self->anchors, name, node) < 0)
        Py_CLEAR(node);
    Py_DECREF(name);
    return node;
}

static PyObject *Composer_check_node(ComposerObject *self, PyObject *unused)
{
    if (!self->parser_ready)
        return PyErr_Format(PyExc_ValueError, "Composer not initialized");
    if (!next_event(self))
        return NULL;
    if (self->event.type == YAML_STREAM_START_EVENT) {
        consume(self);
        if (!next_event(self))
            return NULL;
    }
    return PyBool_FromLong(self->event.type != YAML_STREAM_END_EVENT);
}

static PyObject *Composer_get_node(ComposerObject *self, PyObject *unused)
{
    if (!self->parser_ready)
        return PyErr_Format(PyExc_ValueError, "Composer not initialized");
    if (!next_event(self))
        return NULL;
    if (self->event.type == YAML_STREAM_END_EVENT)
        Py_RETURN_NONE;
    consume(self);  /* DOCUMENT-START */
    PyObject *root = compose_node(self, 0);
    if (root == NULL)
        return NULL;
    if (!next_event(self)) {  /* DOCUMENT-END */
        Py_DECREF(root);
        return NULL;
    }
    consume(self);
    PyDict_Clear(self->anchors);  /* anchors do not reach across documents */
    return root;
}

static PyMethodDef Composer_methods[] = {
    {"check_node", (PyCFunction)Composer_check_node, METH_NOARGS, "Whether another document follows."},
    {"get_node", (PyCFunction)Composer_get_node, METH_NOARGS, "The next document's root node (None at the end)."},
    {NULL}
};

static PyTypeObject ComposerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "yamlkit._compose.Composer",
    .tp_basicsize = sizeof(ComposerObject),
    .tp_dealloc = (destructor)Composer_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Composer(text, plain_tag, str_tag, seq_tag, map_tag): document roots of a YAML stream.\n\n"
              "Untagged plain scalars get plain_tag, other untagged scalars str_tag, untagged sequences and\n"
              "mappings seq_tag and map_tag (the very objects given). Raises Unsupported where PyYAML's\n"
              "composer must take over.",
    .tp_methods = Composer_methods,
    .tp_init = (initproc)Composer_init,
    .tp_new = PyType_GenericNew,
};

/* ---- build: a node tree -> plain data -------------------------------------------------- */

/* The state of one build() call; see build()'s docstring. */
typedef struct {
    PyObject *plain_tag, *str_tag;
    PyObject *values, *keys;             /* dict: plain text -> value / key (caches, read only here) */
    PyObject *plain_value, *key_of, *tagged_value, *duplicates_of;  /* Python callbacks */
    PyObject *too_deep;                  /* exception class raised past max_depth */
    PyObject *duplicates;                /* list, extended with duplicates_of(pairs) */
    PyObject *key_names;                 /* set of every mapping key */
    PyObject *typed;                     /* list of (path, node): plain scalars whose value is not a str */
    struct { PyObject *key; Py_ssize_t index; } *path;  /* the path to the collection being built;
                                                          * key (the key's text, borrowed) or index */
    int max_depth;
} Build;

/* Whether a plain scalar's tag is yamlkit's plain tag (by identity nearly always). */
static int is_plain(Build *b, NodeObject *node)
{
    if (node->tag == b->plain_tag)
        return 1;
    return node->tag != b->str_tag && PyUnicode_Check(node->tag) && PyUnicode_Compare(node->tag, b->plain_tag) == 0;
}

/* Record (path, node) when a value's plain, non-empty scalar did not resolve to a str: the only
 * scalars the trap rules (T001-T004) look at. `depth` is the length of the node's path. */
static int note_typed(Build *b, NodeObject *node, PyObject *value, int depth)
{
    if (node->id != ID_SCALAR || PyUnicode_CheckExact(value) || PyUnicode_GET_LENGTH(node->value) == 0
        || !is_plain(b, node))
        return 0;
    PyObject *path = PyTuple_New(depth);
    if (path == NULL)
        return -1;
    for (int i = 0; i < depth; i++) {
        PyObject *item = b->path[i].key ? Py_NewRef(b->path[i].key) : PyLong_FromSsize_t(b->path[i].index);
        if (item == NULL) {
            Py_DECREF(path);
            return -1;
        }
        PyTuple_SET_ITEM(path, i, item);
    }
    PyObject *entry = pair_of(path, Py_NewRef(node));
    if (entry == NULL)
        return -1;
    int failed = PyList_Append(b->typed, entry);
    Py_DECREF(entry);
    return failed;
}

static PyObject *build_value(Build *b, NodeObject *node, int depth);

/* cache[node's text], or miss(node) when the text is not in the cache. */
static PyObject *cached_or(PyObject *cache, NodeObject *node, PyObject *miss)
{
    PyObject *found = PyDict_GetItemWithError(cache, node->value);
    if (found != NULL)
        return Py_NewRef(found);
    if (PyErr_Occurred())
        return NULL;
    return PyObject_CallOneArg(miss, (PyObject *)node);
}

/* A scalar's value: cached plain text, the text of a string, or the callbacks' answer. */
static PyObject *scalar_value_of(Build *b, NodeObject *node)
{
    if (node->tag == b->plain_tag)
        return cached_or(b->values, node, b->plain_value);
    if (node->tag == b->str_tag)
        return Py_NewRef(node->value);
    return PyObject_CallOneArg(b->tagged_value, (PyObject *)node);
}

/* A key's text in the data: a str key as written, a plain key from the cache; key_of() decides
 * everything else (and raises for complex and merge keys). */
static PyObject *key_text(Build *b, NodeObject *node)
{
    if (node->id == ID_SCALAR) {  /* (every node of a Composer tree is a Node: Python cannot make one) */
        if (node->tag == b->str_tag)
            return Py_NewRef(node->value);
        if (node->tag == b->plain_tag)
            return cached_or(b->keys, node, b->key_of);
    }
    return PyObject_CallOneArg(b->key_of, (PyObject *)node);
}

static PyObject *build_sequence(Build *b, NodeObject *node, int depth)
{
    PyObject *children = node->value;
    Py_ssize_t n = PyList_GET_SIZE(children);
    PyObject *items = PyList_New(n);
    if (items == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        NodeObject *child = (NodeObject *)PyList_GET_ITEM(children, i);
        b->path[depth - 1].key = NULL;
        b->path[depth - 1].index = i;
        PyObject *item = build_value(b, child, depth);
        if (item == NULL) {
            Py_DECREF(items);
            return NULL;
        }
        PyList_SET_ITEM(items, i, item);
        if (note_typed(b, child, item, depth) < 0) {
            Py_DECREF(items);
            return NULL;
        }
    }
    return items;
}

static PyObject *build_mapping(Build *b, NodeObject *node, int depth)
{
    PyObject *pairs = node->value;
    Py_ssize_t n = PyList_GET_SIZE(pairs);
    PyObject *result = PyDict_New();
    if (result == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *pair = PyList_GET_ITEM(pairs, i);
        NodeObject *key_node = (NodeObject *)PyTuple_GET_ITEM(pair, 0);
        NodeObject *value_node = (NodeObject *)PyTuple_GET_ITEM(pair, 1);
        PyObject *key = key_text(b, key_node);  /* raises for complex keys: key_node is a scalar below */
        if (key == NULL)
            goto error;
        b->path[depth - 1].key = key_node->value;  /* the key as written (`yes`, not "true") */
        PyObject *value = build_value(b, value_node, depth);
        if (value == NULL) {
            Py_DECREF(key);
            goto error;
        }
        int failed = PyDict_SetItem(result, key, value) < 0 || PySet_Add(b->key_names, key) < 0
                     || note_typed(b, value_node, value, depth) < 0;
        Py_DECREF(key);
        Py_DECREF(value);
        if (failed)
            goto error;
    }
    if (PyDict_GET_SIZE(result) != n) {  /* a key written twice */
        PyObject *found = PyObject_CallOneArg(b->duplicates_of, pairs);
        if (found == NULL)
            goto error;
        PyObject *extended = PySequence_InPlaceConcat(b->duplicates, found);
        Py_DECREF(found);
        if (extended == NULL)
            goto error;
        Py_DECREF(extended);
    }
    return result;
error:
    Py_DECREF(result);
    return NULL;
}

static PyObject *build_value(Build *b, NodeObject *node, int depth)
{
    if (node->id == ID_SCALAR)
        return scalar_value_of(b, node);
    if (depth >= b->max_depth) {
        PyErr_SetNone(b->too_deep);
        return NULL;
    }
    if (node->id == ID_SEQUENCE)
        return build_sequence(b, node, depth + 1);
    return build_mapping(b, node, depth + 1);
}

static PyObject *compose_build(PyObject *module, PyObject *args)
{
    Build b;
    PyObject *root;
    if (!PyArg_ParseTuple(args, "O!iOOO!O!OOOOO:build", &NodeType, &root, &b.max_depth, &b.plain_tag, &b.str_tag,
                          &PyDict_Type, &b.values, &PyDict_Type, &b.keys, &b.plain_value, &b.key_of,
                          &b.tagged_value, &b.duplicates_of, &b.too_deep))
        return NULL;
    if (b.max_depth < 0)
        b.max_depth = 0;
    b.duplicates = PyList_New(0);
    b.key_names = PySet_New(NULL);
    b.typed = PyList_New(0);
    b.path = PyMem_Malloc(sizeof(*b.path) * ((size_t)b.max_depth + 1));
    if (b.duplicates == NULL || b.key_names == NULL || b.typed == NULL || b.path == NULL)
        goto error;
    PyObject *data = build_value(&b, (NodeObject *)root, 0);
    PyMem_Free(b.path);
    b.path = NULL;
    if (data == NULL)
        goto error;
    if (PyList_GET_SIZE(b.duplicates)) {  /* a repeated key's value is not in the data: no list */
        Py_DECREF(b.typed);
        b.typed = Py_NewRef(Py_None);
    }
    return Py_BuildValue("(NNNN)", data, b.duplicates, b.key_names, b.typed);
error:
    PyMem_Free(b.path);
    Py_XDECREF(b.duplicates);
    Py_XDECREF(b.key_names);
    Py_XDECREF(b.typed);
    return NULL;
}

static PyMethodDef module_methods[] = {
    {"build", compose_build, METH_VARARGS,
     "build(root, max_depth, plain_tag, str_tag, values, keys, plain_value, key_of, tagged_value, duplicates_of,\n"
     "      too_deep) -> (data, duplicates, key_names, typed_scalars)\n\n"
     "The plain value of an alias-free tree from Composer. A plain scalar's value comes from the dict\n"
     "`values` (by its text), else from plain_value(node); a str-tagged scalar's is its text; any other\n"
     "scalar's is tagged_value(node). A plain key comes from `keys`, a str key is its text, any other key\n"
     "is key_of(node) (which may raise). Where a mapping has fewer keys than pairs, duplicates_of(pairs)\n"
     "lists the duplicates. Collections nested max_depth deep raise too_deep. typed_scalars lists\n"
     "(path, node), in file order, for each plain, non-empty scalar value (not key) whose value is not\n"
     "a str, the path made of keys as written and list indexes; None when a key repeats."},
    {NULL}
};

/* ---- module ----------------------------------------------------------------------------- */

static struct PyModuleDef compose_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "yamlkit._compose",
    .m_doc = "libyaml's events -> light node trees with positions (see yamlkit.parse).",
    .m_size = -1,
    .m_methods = module_methods,
};

static PyObject *intern(const char *text)
{
    return PyUnicode_InternFromString(text);
}

PyMODINIT_FUNC PyInit__compose(void)
{
    if (PyType_Ready(&MarkType) < 0 || PyType_Ready(&NodeType) < 0 || PyType_Ready(&ComposerType) < 0)
        return NULL;
    ID_SCALAR = intern("scalar");
    ID_SEQUENCE = intern("sequence");
    ID_MAPPING = intern("mapping");
    STREAM_NAME = intern("<unicode string>");
    STYLE_PLAIN = intern("");
    STYLE_SINGLE = intern("'");
    STYLE_DOUBLE = intern("\"");
    STYLE_LITERAL = intern("|");
    STYLE_FOLDED = intern(">");
    if (!ID_SCALAR || !ID_SEQUENCE || !ID_MAPPING || !STREAM_NAME || !STYLE_PLAIN || !STYLE_SINGLE || !STYLE_DOUBLE
        || !STYLE_LITERAL || !STYLE_FOLDED)
        return NULL;
    PyObject *module = PyModule_Create(&compose_module);
    if (module == NULL)
        return NULL;
    Unsupported = PyErr_NewExceptionWithDoc("yamlkit._compose.Unsupported",
                                            "This stream must be composed by PyYAML from here on.", NULL, NULL);
    if (Unsupported == NULL || PyModule_AddObjectRef(module, "Unsupported", Unsupported) < 0
        || PyModule_AddObjectRef(module, "Composer", (PyObject *)&ComposerType) < 0
        || PyModule_AddObjectRef(module, "Node", (PyObject *)&NodeType) < 0
        || PyModule_AddObjectRef(module, "Mark", (PyObject *)&MarkType) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
