"""Character-level 'legacy' Thai shaping, as done by pre-OpenType Thai software.

pua_shape(): replaces marks (and ญ/ฐ) with the Private Use Area positional variants used by
Windows/Mac Thai fonts (the "Microsoft PUA" set U+F700-U+F71A, which TLWG fonts still carry in
their cmap). The rules are the ones HarfBuzz uses for its own fallback shaper when a Thai font has
no GSUB table (hb-ot-shaper-thai.cc, thai_pua_shape), applied to the text instead of the glyphs,
which is what old word processors / PDF producers did: the PUA code points end up in the PDF's
text layer.

split_sara_am(): decomposes SARA AM (U+0E33) into NIKHAHIT (U+0E4D) + SARA AA (U+0E32) and moves the
nikhahit in front of preceding tone marks -- the decomposition HarfBuzz (and Uniscribe) apply before
drawing; a producer that writes one text-layer character per drawn glyph then emits "ํา".
"""

NC, AC, RC, DC, NOT = range(5)
AV, BV, T, NONE = range(4)

PUA = {
    # shift-left (for ascender consonants) of above vowels / marks
    ('SL', 0x0E31): 0xF710, ('SL', 0x0E34): 0xF701, ('SL', 0x0E35): 0xF702, ('SL', 0x0E36): 0xF703,
    ('SL', 0x0E37): 0xF704, ('SL', 0x0E47): 0xF712, ('SL', 0x0E4D): 0xF711,
    ('SL', 0x0E48): 0xF713, ('SL', 0x0E49): 0xF714, ('SL', 0x0E4A): 0xF715, ('SL', 0x0E4B): 0xF716,
    ('SL', 0x0E4C): 0xF717,
    # shift-down of tone marks (no above vowel)
    ('SD', 0x0E48): 0xF70A, ('SD', 0x0E49): 0xF70B, ('SD', 0x0E4A): 0xF70C, ('SD', 0x0E4B): 0xF70D,
    ('SD', 0x0E4C): 0xF70E,
    # shift-down of below vowels (under descender consonants)
    ('SD', 0x0E38): 0xF718, ('SD', 0x0E39): 0xF719, ('SD', 0x0E3A): 0xF71A,
    # shift-down-left of tone marks (ascender consonant, no above vowel)
    ('SDL', 0x0E48): 0xF705, ('SDL', 0x0E49): 0xF706, ('SDL', 0x0E4A): 0xF707, ('SDL', 0x0E4B): 0xF708,
    ('SDL', 0x0E4C): 0xF709,
    # remove descender of the base consonant
    ('RD', 0x0E0D): 0xF70F, ('RD', 0x0E10): 0xF700,
}
# the mapping recorded in the manifest / README: PUA code point -> Thai character it stands for
PUA_TO_THAI = {v: k[1] for k, v in PUA.items()}
PUA_ROLE = {v: k[0] for k, v in PUA.items()}


def consonant_type(u):
    if u in (0x0E1B, 0x0E1D, 0x0E1F, 0x0E2C):
        return AC
    if u in (0x0E0D, 0x0E10):
        return RC
    if u in (0x0E0E, 0x0E0F):
        return DC
    if 0x0E01 <= u <= 0x0E2E:
        return NC
    return NOT


def mark_type(u):
    if u in (0x0E31, 0x0E34, 0x0E35, 0x0E36, 0x0E37, 0x0E47, 0x0E4D, 0x0E4E):
        return AV
    if u in (0x0E38, 0x0E39, 0x0E3A):
        return BV
    if 0x0E48 <= u <= 0x0E4C:
        return T
    return NONE


T0, T1, T2, T3 = range(4)
ABOVE_START = {NC: T0, AC: T1, RC: T0, DC: T0, NOT: T3}
ABOVE = {  # state: {mark type: (action, next)}
    T0: {AV: (None, T3), BV: (None, T0), T: ('SD', T3)},
    T1: {AV: ('SL', T2), BV: (None, T1), T: ('SDL', T2)},
    T2: {AV: (None, T3), BV: (None, T2), T: ('SL', T3)},
    T3: {AV: (None, T3), BV: (None, T3), T: (None, T3)},
}
B0, B1, B2 = range(3)
BELOW_START = {NC: B0, AC: B0, RC: B1, DC: B2, NOT: B2}
BELOW = {
    B0: {AV: (None, B0), BV: (None, B2), T: (None, B0)},
    B1: {AV: (None, B1), BV: ('RD', B2), T: (None, B1)},
    B2: {AV: (None, B2), BV: ('SD', B2), T: (None, B2)},
}


def pua_shape(text):
    """Return text with positional PUA variants substituted (SARA AM kept as one character).

    A tone mark directly followed by SARA AM is left at its normal (high) position, because the
    nikhahit part of SARA AM occupies the lower slot."""
    out = list(text)
    base = None  # index of the current base consonant in out
    above = below = None
    n = len(out)
    for i in range(n):
        u = ord(out[i])
        mt = mark_type(u)
        if mt == NONE:
            ct = consonant_type(u)
            base = i
            above, below = ABOVE_START[ct], BELOW_START[ct]
            continue
        if base is None:
            continue
        act, above_next = ABOVE[above][mt]
        if mt == T and i + 1 < n and out[i + 1] == '\u0E33':
            act = None
        if act:
            out[i] = chr(PUA.get((act, u), u))
        above = above_next
        act, below_next = BELOW[below][mt]
        if act == 'RD':
            b = ord(out[base])
            out[base] = chr(PUA.get(('RD', b), b))
        elif act == 'SD':
            out[i] = chr(PUA.get(('SD', u), u))
        below = below_next
    return ''.join(out)


def split_sara_am(text):
    out = []
    for ch in text:
        if ch == '\u0E33':
            # move NIKHAHIT before the tone marks that precede SARA AM
            j = len(out)
            while j > 0 and 0x0E48 <= ord(out[j - 1]) <= 0x0E4B:
                j -= 1
            out.insert(j, '\u0E4D')
            out.append('\u0E32')
        else:
            out.append(ch)
    return ''.join(out)
