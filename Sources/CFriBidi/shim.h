// GNU FriBidi, the Unicode bidirectional algorithm, as a system library (libfribidi-dev).
#include <fribidi.h>

// Constants that fribidi defines through macro arithmetic, which Swift does not import.
static const FriBidiParType tashih_fribidi_par_on = FRIBIDI_PAR_ON;
static const FriBidiParType tashih_fribidi_par_rtl = FRIBIDI_PAR_RTL;
static const FriBidiParType tashih_fribidi_par_ltr = FRIBIDI_PAR_LTR;
static const FriBidiFlags tashih_fribidi_shape_flags = FRIBIDI_FLAG_SHAPE_MIRRORING | FRIBIDI_FLAG_SHAPE_ARAB_PRES;
static const FriBidiFlags tashih_fribidi_reorder_flags = FRIBIDI_FLAG_REORDER_NSM;
