// The prelude of every expression evaluation (JintExpressionEvaluator): runs on a fresh engine, before the expression,
// in strict mode. It
// - defines the helpers now(), date(text), addDuration(date, iso) and the host's date functions (addWorkdays, ...);
// - removes what expressions never need and what can allocate or compute without bound inside one call (binary
//   buffers, typed arrays, BigInt, Intl, Temporal, ShadowRealm, weak references);
// - replaces the built-ins that can build a large string in one call (repeat, padStart/padEnd, concat, replace,
//   replaceAll, normalize, case conversion, URI encoding, join, String.raw, JSON.stringify/parse): each asks the host's
//   allocation budget (__budget: "may this evaluation allocate that many more characters?") before it allocates, or
//   builds its result in steps that the engine's per-statement memory and time checks see;
// - defines __result(value), which turns the expression's value into JSON text no deeper than __maxResultDepth.
// The expression runs after this and may replace any global or prototype method, so a wrapper never lets a function
// of the expression see an original built-in (originals are called through the Reflect.apply captured here), and a
// size a wrapper checks is computed from the very values it then hands to the original. Everything else (Number,
// String, Math, ...) may be looked up when called: replacing it only changes the expression's own result.
// Engine start-up cost matters (a fresh engine per evaluation), so the prelude touches as few intrinsics as it can.
'use strict';
(function (global) {
  var hostNow = __now, hostParseDate = __parseDate, hostAddDuration = __addDuration, budget = __budget;
  var maxResultDepth = __maxResultDepth, dateFunctionNames = __dateFunctions;
  var apply = Reflect.apply, defineProperty = Object.defineProperty, createObject = Object.create;
  var stringProto = String.prototype, arrayProto = Array.prototype, regexpProto = RegExp.prototype;
  var indexOf = stringProto.indexOf, slice = stringProto.slice, originalStringify = JSON.stringify;
  var symReplace = Symbol.replace;

  function define(target, key, value, writable) {
    defineProperty(target, key, { value: value, writable: writable, enumerable: false, configurable: writable });
  }

  function toStr(value) {
    if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
    return String(value);
  }

  function thisString(value, name) {
    if (value === undefined || value === null) throw new TypeError('String.prototype.' + name + ' called on null or undefined');
    return toStr(value);
  }

  function toInteger(value) {
    var n = +value;
    return n !== n ? 0 : n < 0 ? -Math.floor(-n) : Math.floor(n);
  }

  function toLength(value) {
    var n = toInteger(value);
    return n <= 0 ? 0 : n > 9007199254740991 ? 9007199254740991 : n;
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  function ms(d) {
    if (d instanceof Date) return d.getTime();
    if (typeof d === 'string') return hostParseDate(d);
    if (typeof d === 'number') return d;
    throw new TypeError('expected a Date or an ISO 8601 date-time string, got ' + (d === null ? 'null' : typeof d));
  }

  define(global, 'now', function now() { return new Date(hostNow()); }, false);
  define(global, 'date', function date(text) { return new Date(hostParseDate(toStr(text))); }, false);
  define(global, 'addDuration', function addDuration(d, iso) { return new Date(hostAddDuration(ms(d), toStr(iso))); }, false);
  if (dateFunctionNames !== '') {
    dateFunctionNames.split(',').forEach(function (name) {
      var host = global['__fn_' + name];
      define(global, name, function (d, n) { return new Date(host(ms(d), +n)); }, false);
      delete global['__fn_' + name];
    });
  }

  // ---- what expressions never need -------------------------------------------------------------------------------

  delete global.ArrayBuffer; delete global.SharedArrayBuffer; delete global.DataView; delete global.Atomics;
  delete global.TypedArray; delete global.Int8Array; delete global.Uint8Array; delete global.Uint8ClampedArray;
  delete global.Int16Array; delete global.Uint16Array; delete global.Int32Array; delete global.Uint32Array;
  delete global.Float16Array; delete global.Float32Array; delete global.Float64Array; delete global.BigInt64Array;
  delete global.BigUint64Array; delete global.BigInt; delete global.Intl; delete global.Temporal;
  delete global.ShadowRealm; delete global.WeakRef; delete global.FinalizationRegistry;

  // ---- built-ins that ask the allocation budget first ------------------------------------------------------------

  var originalRepeat = stringProto.repeat;
  define(stringProto, 'repeat', function repeat(count) {
    var s = thisString(this, 'repeat'), n = toInteger(count);
    if (n > 0 && n !== Infinity) budget(s.length * n);
    return apply(originalRepeat, s, [n]);
  }, true);

  function pad(original, name) {
    return function (maxLength, fillString) {
      var s = thisString(this, name), length = toLength(maxLength);
      var fill = fillString === undefined ? ' ' : toStr(fillString);
      if (length > s.length && fill.length > 0) budget(length);
      return apply(original, s, [length, fill]);
    };
  }

  define(stringProto, 'padStart', pad(stringProto.padStart, 'padStart'), true);
  define(stringProto, 'padEnd', pad(stringProto.padEnd, 'padEnd'), true);

  var originalConcat = stringProto.concat;
  define(stringProto, 'concat', function concat(part) {
    var s = thisString(this, 'concat'), parts = createObject(null), total = s.length;
    parts.length = arguments.length;
    for (var i = 0; i < arguments.length; i++) {
      parts[i] = toStr(arguments[i]);
      total += parts[i].length;
    }

    budget(total);
    return apply(originalConcat, s, parts);
  }, true);

  // The longest expansions Unicode has: 18 code units for a compatibility decomposition, 4 otherwise.
  function expanding(original, name) {
    return function (argument) {
      var s = thisString(this, name), compatibility = name === 'normalize' && (argument === 'NFKC' || argument === 'NFKD');
      budget(s.length * (compatibility ? 18 : 4));
      return apply(original, s, arguments.length === 0 ? [] : [argument]);
    };
  }

  define(stringProto, 'normalize', expanding(stringProto.normalize, 'normalize'), true);
  define(stringProto, 'toUpperCase', expanding(stringProto.toUpperCase, 'toUpperCase'), true);
  define(stringProto, 'toLowerCase', expanding(stringProto.toLowerCase, 'toLowerCase'), true);
  define(stringProto, 'toLocaleUpperCase', expanding(stringProto.toLocaleUpperCase, 'toLocaleUpperCase'), true);
  define(stringProto, 'toLocaleLowerCase', expanding(stringProto.toLocaleLowerCase, 'toLocaleLowerCase'), true);

  function encoding(original, factor) {
    return function (text) {
      var s = toStr(text);
      budget(s.length * factor);
      return apply(original, undefined, [s]);
    };
  }

  define(global, 'encodeURI', encoding(global.encodeURI, 9), true);
  define(global, 'encodeURIComponent', encoding(global.encodeURIComponent, 9), true);
  define(global, 'escape', encoding(global.escape, 6), true);

  // replace and replaceAll with a string to search for: a replacement string can insert the whole subject for every
  // '$' it holds ($&, $`, $', $1), so the bound counts them.
  function dollars(replacement) {
    var count = 0;
    for (var at = apply(indexOf, replacement, ['$']); at >= 0; at = apply(indexOf, replacement, ['$', at + 1])) count++;
    return count;
  }

  function countingReplacer(replacer, subjectLength) {
    var total = subjectLength;
    return function () {
      var piece = toStr(apply(replacer, undefined, arguments));
      total += piece.length;
      budget(total);
      return piece;
    };
  }

  // A regular expression's matches come from its exec, which an expression can replace, so a replacement string is
  // applied by a function of ours (ECMA-262 GetSubstitution, compiled once) and every piece is counted as it is made.
  function compileReplacement(template) {
    var pieces = [], from = 0;
    for (;;) {
      var at = apply(indexOf, template, ['$', from]);
      if (at < 0 || at + 1 >= template.length) {
        pieces[pieces.length] = apply(slice, template, [from]);
        return pieces;
      }

      pieces[pieces.length] = apply(slice, template, [from, at]);
      var next = template[at + 1];
      if (next === '$') {
        pieces[pieces.length] = '$';
        from = at + 2;
      } else if (next === '&' || next === '`' || next === "'") {
        pieces[pieces.length] = { ref: next };
        from = at + 2;
      } else if (next >= '0' && next <= '9') {
        var second = template[at + 2], two = second !== undefined && second >= '0' && second <= '9';
        pieces[pieces.length] = { digits: two ? next + second : next };
        from = at + (two ? 3 : 2);
      } else if (next === '<') {
        var close = apply(indexOf, template, ['>', at + 2]);
        pieces[pieces.length] = close < 0 ? '$<' : { name: apply(slice, template, [at + 2, close]), raw: apply(slice, template, [at, close + 1]) };
        from = close < 0 ? at + 2 : close + 1;
      } else {
        pieces[pieces.length] = '$';
        from = at + 1;
      }
    }
  }

  function captureText(capture) {
    return capture === undefined ? '' : toStr(capture);
  }

  function substitution(pieces) {
    return function (matched) {
      var n = arguments.length, last = arguments[n - 1], hasGroups = typeof last !== 'string';
      var m = n - (hasGroups ? 4 : 3), position = arguments[m + 1], subject = arguments[m + 2], result = '';
      for (var i = 0; i < pieces.length; i++) {
        var piece = pieces[i];
        if (typeof piece === 'string') {
          result += piece;
        } else if (piece.ref === '&') {
          result += matched;
        } else if (piece.ref === '`') {
          result += apply(slice, subject, [0, position]);
        } else if (piece.ref === "'") {
          result += apply(slice, subject, [position + matched.length]);
        } else if (piece.digits !== undefined) {
          var digits = piece.digits, index = +digits;
          if (digits.length === 2 && index > m) {
            index = +digits[0];
            result += index >= 1 && index <= m ? captureText(arguments[index]) + digits[1] : '$' + digits;
          } else {
            result += index >= 1 && index <= m ? captureText(arguments[index]) : '$' + digits;
          }
        } else {
          result += hasGroups && last !== undefined ? captureText(last[piece.name]) : piece.raw;
        }
      }

      return result;
    };
  }

  var regexpReplace = regexpProto[symReplace];
  define(regexpProto, symReplace, function (string, replaceValue) {
    var s = toStr(string);
    var replacer = typeof replaceValue === 'function' ? replaceValue : substitution(compileReplacement(toStr(replaceValue)));
    return apply(regexpReplace, this, [s, countingReplacer(replacer, s.length)]);
  }, true);

  function isRegExp(value) {
    var matcher = value[Symbol.match];
    return matcher !== undefined ? !!matcher : value instanceof RegExp;
  }

  function stringReplace(original, name, all) {
    return function (searchValue, replaceValue) {
      if (this === undefined || this === null) throw new TypeError('String.prototype.' + name + ' called on null or undefined');
      if (searchValue !== undefined && searchValue !== null && (typeof searchValue === 'object' || typeof searchValue === 'function')) {
        // A RegExp, or an object with its own Symbol.replace: called here, once, as the specification says (a getter
        // that answered differently to a second read must not lead the original into its unchecked string path).
        if (all && isRegExp(searchValue)) {
          var flags = searchValue.flags;
          if (flags === undefined || flags === null || apply(indexOf, toStr(flags), ['g']) < 0) throw new TypeError('replaceAll must be called with a global RegExp');
        }

        var replacer = searchValue[symReplace];
        if (replacer !== undefined && replacer !== null) return apply(replacer, searchValue, [this, replaceValue]);
      }

      var s = toStr(this), search = toStr(searchValue);
      if (typeof replaceValue === 'function') return apply(original, s, [search, countingReplacer(replaceValue, s.length)]);
      var r = toStr(replaceValue);
      var occurrences = !all ? 1 : search.length === 0 ? s.length + 1 : (s.length - s.length % search.length) / search.length;
      budget(s.length + occurrences * (r.length + dollars(r) * s.length));
      return apply(original, s, [search, r]);
    };
  }

  define(stringProto, 'replace', stringReplace(stringProto.replace, 'replace', false), true);
  define(stringProto, 'replaceAll', stringReplace(stringProto.replaceAll, 'replaceAll', true), true);

  // join, toLocaleString and String.raw build their result step by step: every step is a statement the engine's
  // memory and time checks see, and every concatenation is charged to the memory limit.
  define(arrayProto, 'join', function join(separator) {
    if (this === undefined || this === null) throw new TypeError('Array.prototype.join called on null or undefined');
    var o = Object(this), length = toLength(o.length), sep = separator === undefined ? ',' : toStr(separator), result = '';
    for (var k = 0; k < length; k++) {
      if (k > 0) result += sep;
      var element = o[k];
      if (element !== undefined && element !== null) result += toStr(element);
    }

    return result;
  }, true);

  define(arrayProto, 'toLocaleString', function toLocaleString() {
    if (this === undefined || this === null) throw new TypeError('Array.prototype.toLocaleString called on null or undefined');
    var o = Object(this), length = toLength(o.length), result = '';
    for (var k = 0; k < length; k++) {
      if (k > 0) result += ',';
      var element = o[k];
      if (element !== undefined && element !== null) result += toStr(element.toLocaleString());
    }

    return result;
  }, true);

  define(String, 'raw', function raw(template) {
    if (template === undefined || template === null) throw new TypeError('String.raw needs a template object');
    var cooked = Object(template).raw;
    if (cooked === undefined || cooked === null) throw new TypeError('String.raw needs a template object with raw strings');
    var literals = Object(cooked), count = toLength(literals.length), result = '';
    for (var i = 0; i < count; i++) {
      result += toStr(literals[i]);
      if (i + 1 === count) break;
      if (i + 1 < arguments.length) result += toStr(arguments[i + 1]);
    }

    return result;
  }, true);

  // JSON.stringify runs with a replacer of ours: it charges every value's worst-case text (escapes, indentation) to
  // the budget before the value is written, tracks the depth (the path of holders, in a prototype-less object), and
  // applies the caller's replacer (a function, or a property list, whose keys then keep the object's own order).
  function serialize(value, replacer, space, maxDepth) {
    var path = createObject(null), depth = 0, user = typeof replacer === 'function' ? replacer : null, allowed = null;
    if (Array.isArray(replacer)) {
      allowed = createObject(null);
      for (var i = 0; i < replacer.length; i++) {
        var item = replacer[i];
        if (typeof item === 'string' || typeof item === 'number' || item instanceof String || item instanceof Number) allowed[toStr(item)] = true;
      }
    }

    var indent = space === undefined || space === null ? 0 : 11, total = 0;
    return apply(originalStringify, undefined, [value, function (key, v) {
      while (depth > 0 && path[depth - 1] !== this) depth--;
      if (allowed !== null && depth > 0 && !Array.isArray(this) && allowed[key] !== true) return undefined;
      if (user !== null) v = apply(user, this, [key, v]);
      if (depth > maxDepth) throw new RangeError('结果嵌套超过 ' + maxDepth + ' 层 (the value nests deeper than ' + maxDepth + ' levels)');
      total += 6 * key.length + 4 + indent * depth + (typeof v === 'string' ? 6 * v.length + 2 : 24);
      budget(total);
      if (v !== null && typeof v === 'object') path[depth++] = v;
      return v;
    }, space]);
  }

  define(JSON, 'stringify', function stringify(value, replacer, space) { return serialize(value, replacer, space, Infinity); }, true);

  var parseJson = JSON.parse;
  define(JSON, 'parse', function parse(text, reviver) {
    var s = toStr(text);
    // A parsed value takes up to about 40 bytes per character of its text.
    budget(s.length * 20);
    return apply(parseJson, undefined, arguments.length > 1 ? [s, reviver] : [s]);
  }, true);

  define(global, '__result', function (value) {
    if (typeof value === 'number' && (value !== value || value === Infinity || value === -Infinity)) {
      throw new RangeError('produced ' + value + ', which is not a usable value');
    }

    return serialize(value, undefined, undefined, maxResultDepth);
  }, false);

  delete global.__now; delete global.__parseDate; delete global.__addDuration; delete global.__budget;
  delete global.__dateFunctions; delete global.__maxResultDepth;
})(globalThis);
