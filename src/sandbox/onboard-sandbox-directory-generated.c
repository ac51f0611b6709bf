/* onboard-sandbox-directory-generated.c: a made-up directory, the same
 * for the same seed
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-sandbox-directory.h"
#include "onboard-sandbox-directory-private.h"

#include <string.h>

/* The generated directory: realistic enough to demo the search (names,
 * towns, outward codes, DfE numbers all line up), never a real school. */

typedef struct
{
  const char *town;
  const char *area;      /* postcode area */
  guint       districts;
  guint       la_code;
  const char *la_name;
  guint       weight;
  gboolean    welsh;
} TownInfo;

static const TownInfo towns[] = {
  { "London", "N", 22, 206, "Islington", 14 },
  { "London", "SE", 28, 210, "Southwark", 14 },
  { "London", "E", 18, 211, "Tower Hamlets", 14 },
  { "London", "SW", 20, 212, "Wandsworth", 14 },
  { "London", "NW", 11, 202, "Camden", 10 },
  { "London", "W", 14, 205, "Hammersmith and Fulham", 8 },
  { "Barking", "IG", 11, 301, "Barking and Dagenham", 6 },
  { "Barnet", "EN", 5, 302, "Barnet", 8 },
  { "Bexleyheath", "DA", 18, 303, "Bexley", 6 },
  { "Wembley", "HA", 9, 304, "Brent", 7 },
  { "Bromley", "BR", 8, 305, "Bromley", 8 },
  { "Croydon", "CR", 9, 306, "Croydon", 9 },
  { "Ealing", "UB", 11, 307, "Ealing", 8 },
  { "Enfield", "EN", 3, 308, "Enfield", 8 },
  { "Harrow", "HA", 3, 310, "Harrow", 6 },
  { "Romford", "RM", 20, 311, "Havering", 7 },
  { "Uxbridge", "UB", 10, 312, "Hillingdon", 8 },
  { "Hounslow", "TW", 20, 313, "Hounslow", 7 },
  { "Kingston upon Thames", "KT", 9, 314, "Kingston upon Thames", 5 },
  { "Morden", "SM", 7, 315, "Merton", 5 },
  { "Ilford", "IG", 8, 317, "Redbridge", 7 },
  { "Sutton", "SM", 6, 319, "Sutton", 5 },
  { "Birmingham", "B", 99, 330, "Birmingham", 40 },
  { "Coventry", "CV", 9, 331, "Coventry", 14 },
  { "Dudley", "DY", 13, 332, "Dudley", 10 },
  { "West Bromwich", "B", 71, 333, "Sandwell", 10 },
  { "Solihull", "B", 94, 334, "Solihull", 7 },
  { "Walsall", "WS", 15, 335, "Walsall", 10 },
  { "Wolverhampton", "WV", 14, 336, "Wolverhampton", 10 },
  { "Liverpool", "L", 38, 341, "Liverpool", 20 },
  { "St Helens", "WA", 11, 342, "St. Helens", 7 },
  { "Bootle", "L", 30, 343, "Sefton", 9 },
  { "Birkenhead", "CH", 49, 344, "Wirral", 10 },
  { "Bolton", "BL", 7, 350, "Bolton", 11 },
  { "Bury", "BL", 9, 351, "Bury", 8 },
  { "Manchester", "M", 40, 352, "Manchester", 22 },
  { "Oldham", "OL", 16, 353, "Oldham", 10 },
  { "Rochdale", "OL", 12, 354, "Rochdale", 8 },
  { "Salford", "M", 50, 355, "Salford", 9 },
  { "Stockport", "SK", 17, 356, "Stockport", 10 },
  { "Ashton-under-Lyne", "OL", 7, 357, "Tameside", 8 },
  { "Sale", "M", 33, 358, "Trafford", 8 },
  { "Wigan", "WN", 8, 359, "Wigan", 11 },
  { "Barnsley", "S", 75, 370, "Barnsley", 9 },
  { "Doncaster", "DN", 12, 371, "Doncaster", 12 },
  { "Rotherham", "S", 66, 372, "Rotherham", 10 },
  { "Sheffield", "S", 36, 373, "Sheffield", 18 },
  { "Bradford", "BD", 22, 380, "Bradford", 20 },
  { "Halifax", "HX", 7, 381, "Calderdale", 9 },
  { "Huddersfield", "HD", 9, 382, "Kirklees", 15 },
  { "Leeds", "LS", 29, 383, "Leeds", 26 },
  { "Wakefield", "WF", 17, 384, "Wakefield", 13 },
  { "Gateshead", "NE", 11, 390, "Gateshead", 8 },
  { "Newcastle upon Tyne", "NE", 7, 391, "Newcastle upon Tyne", 10 },
  { "Sunderland", "SR", 8, 394, "Sunderland", 10 },
  { "Bath", "BA", 3, 800, "Bath and North East Somerset", 7 },
  { "Bristol", "BS", 16, 801, "Bristol, City of", 16 },
  { "Weston-super-Mare", "BS", 24, 802, "North Somerset", 7 },
  { "Hartlepool", "TS", 27, 805, "Hartlepool", 5 },
  { "Middlesbrough", "TS", 8, 806, "Middlesbrough", 6 },
  { "Stockton-on-Tees", "TS", 21, 808, "Stockton-on-Tees", 7 },
  { "Hull", "HU", 9, 810, "Kingston upon Hull, City of", 10 },
  { "Beverley", "HU", 17, 811, "East Riding of Yorkshire", 10 },
  { "Grimsby", "DN", 41, 812, "North East Lincolnshire", 6 },
  { "Harrogate", "HG", 5, 815, "North Yorkshire", 16 },
  { "York", "YO", 32, 816, "York", 8 },
  { "Luton", "LU", 4, 821, "Luton", 8 },
  { "Bedford", "MK", 45, 822, "Bedford", 7 },
  { "Aylesbury", "HP", 22, 825, "Buckinghamshire", 15 },
  { "Milton Keynes", "MK", 19, 826, "Milton Keynes", 10 },
  { "Chesterfield", "S", 45, 830, "Derbyshire", 22 },
  { "Derby", "DE", 24, 831, "Derby", 9 },
  { "Dorchester", "DT", 11, 838, "Dorset", 11 },
  { "Durham", "DH", 9, 840, "County Durham", 18 },
  { "Darlington", "DL", 3, 841, "Darlington", 5 },
  { "Lewes", "BN", 8, 845, "East Sussex", 13 },
  { "Brighton", "BN", 3, 846, "Brighton and Hove", 8 },
  { "Winchester", "SO", 23, 850, "Hampshire", 32 },
  { "Portsmouth", "PO", 6, 851, "Portsmouth", 7 },
  { "Southampton", "SO", 19, 852, "Southampton", 8 },
  { "Loughborough", "LE", 12, 855, "Leicestershire", 16 },
  { "Leicester", "LE", 5, 856, "Leicester", 11 },
  { "Stafford", "ST", 21, 860, "Staffordshire", 22 },
  { "Stoke-on-Trent", "ST", 9, 861, "Stoke-on-Trent", 9 },
  { "Salisbury", "SP", 5, 865, "Wiltshire", 15 },
  { "Swindon", "SN", 6, 866, "Swindon", 8 },
  { "Reading", "RG", 9, 870, "Reading", 6 },
  { "Slough", "SL", 3, 871, "Slough", 5 },
  { "Cambridge", "CB", 25, 873, "Cambridgeshire", 17 },
  { "Peterborough", "PE", 7, 874, "Peterborough", 8 },
  { "Warrington", "WA", 5, 877, "Warrington", 7 },
  { "Exeter", "EX", 39, 878, "Devon", 24 },
  { "Plymouth", "PL", 9, 879, "Plymouth", 9 },
  { "Torquay", "TQ", 2, 880, "Torbay", 5 },
  { "Chelmsford", "CM", 9, 881, "Essex", 36 },
  { "Southend-on-Sea", "SS", 9, 882, "Southend-on-Sea", 6 },
  { "Grays", "RM", 20, 883, "Thurrock", 6 },
  { "Hereford", "HR", 9, 884, "Herefordshire", 7 },
  { "Worcester", "WR", 15, 885, "Worcestershire", 16 },
  { "Maidstone", "ME", 20, 886, "Kent", 40 },
  { "Chatham", "ME", 5, 887, "Medway", 8 },
  { "Preston", "PR", 9, 888, "Lancashire", 40 },
  { "Blackburn", "BB", 6, 889, "Blackburn with Darwen", 7 },
  { "Blackpool", "FY", 5, 890, "Blackpool", 6 },
  { "Mansfield", "NG", 25, 891, "Nottinghamshire", 24 },
  { "Nottingham", "NG", 11, 892, "Nottingham", 10 },
  { "Shrewsbury", "SY", 13, 893, "Shropshire", 11 },
  { "Telford", "TF", 11, 894, "Telford and Wrekin", 6 },
  { "Crewe", "CW", 12, 895, "Cheshire East", 11 },
  { "Chester", "CH", 4, 896, "Cheshire West and Chester", 10 },
  { "Truro", "TR", 27, 908, "Cornwall", 19 },
  { "Carlisle", "CA", 28, 909, "Cumbria", 17 },
  { "Gloucester", "GL", 20, 916, "Gloucestershire", 19 },
  { "St Albans", "AL", 10, 919, "Hertfordshire", 31 },
  { "Newport", "PO", 41, 921, "Isle of Wight", 5 },
  { "Lincoln", "LN", 13, 925, "Lincolnshire", 23 },
  { "Norwich", "NR", 35, 926, "Norfolk", 26 },
  { "Northampton", "NN", 18, 928, "Northamptonshire", 20 },
  { "Morpeth", "NE", 65, 929, "Northumberland", 10 },
  { "Oxford", "OX", 49, 931, "Oxfordshire", 18 },
  { "Taunton", "TA", 24, 933, "Somerset", 17 },
  { "Ipswich", "IP", 33, 935, "Suffolk", 20 },
  { "Guildford", "GU", 35, 936, "Surrey", 25 },
  { "Warwick", "CV", 47, 937, "Warwickshire", 16 },
  { "Chichester", "PO", 22, 938, "West Sussex", 19 },
  { "Cardiff", "CF", 24, 681, "Cardiff", 9, TRUE },
  { "Swansea", "SA", 9, 670, "Swansea", 7, TRUE },
  { "Caernarfon", "LL", 55, 661, "Gwynedd", 6, TRUE },
  { "Aberystwyth", "SY", 23, 667, "Ceredigion", 3, TRUE },
};

static const char * const name_starts[] = {
  "Oak", "Ash", "Beech", "Elm", "Birch", "Hazel", "Holly", "Maple", "Willow", "Rose",
  "Lark", "Kings", "Queens", "Church", "Mill", "Brook", "Green", "High", "Fair", "West",
  "East", "North", "South", "Spring", "Wood", "Bridge", "Stone", "Park", "Hill", "Meadow",
  "Heath", "Moor", "Manor", "Orchard", "Red", "White", "Black", "Thorn", "Cherry", "Ever",
};

static const char * const name_ends[] = {
  "field", "wood", "mead", "brook", "side", "gate", "lands", "hill", "bank", "dale",
  "croft", "way", "hurst", "leigh", "ton", "well", "grove", "ley", "combe", "lea",
};

static const char * const saints[] = {
  "Mary", "John", "Joseph", "Peter", "Paul", "Michael", "Anne", "Andrew", "George",
  "Thomas", "Francis", "Patrick", "Bernadette", "Margaret", "Catherine", "Edmund",
  "Augustine", "Bede", "Chad", "Hilda", "Cuthbert", "Teresa", "Matthew", "Mark", "Luke",
  "James", "Stephen", "Nicholas", "Lawrence", "Alban", "Wilfrid", "Aidan", "Oswald",
  "Helen", "Bartholomew", "Gregory", "Dominic", "Benedict", "Bride", "Clare",
};

static const char * const welsh_names[] = {
  "Bro Morgannwg", "Y Wern", "Pen y Garth", "Glan Morfa", "Llanishen Fach", "Melin Gruffydd",
  "Treganna", "Y Berllan Deg", "Pwll Coch", "Nant Caerau", "Awel y Môr", "Bryn Tawe",
  "Gellionnen", "Tan-y-lan", "Llwyncelyn", "Cae'r Nant", "Pen-y-bryn", "Tŷ Coch",
};

static const char inward_letters[] = "ABDEFGHJLNPQRSTUWXYZ";

typedef struct
{
  const char *phase;
  const char *type;
  guint       number_base;
} SchoolKind;

static char *
generate_place_name (GRand          *rand,
                     const TownInfo *town)
{
  if (g_rand_int_range (rand, 0, 9) == 0)
    return g_strdup (town->town);

  return g_strconcat (name_starts[g_rand_int_range (rand, 0, G_N_ELEMENTS (name_starts))],
                      name_ends[g_rand_int_range (rand, 0, G_N_ELEMENTS (name_ends))],
                      NULL);
}

/* What stands for "@" in a name rule's pattern. */
typedef enum
{
  FILL_PLACE,
  FILL_SAINT,
  FILL_TOWN,
  FILL_PLACE_AND_STAGE,        /* "Oakfield Infant" or "Oakfield Junior" */
  FILL_PLACE_AND_INDEPENDENT,  /* "Oakfield House School", "… Preparatory School", "… College" */
  FILL_FEDERATION,             /* "Oakfield & Ashby" */
} NameFill;

/* The names of English schools, by how often each kind occurs: a rule
 * applies to a roll of 0 to 99 below its bound and above the previous one. */
typedef struct
{
  guint       below;
  const char *pattern;
  NameFill    fill;
  SchoolKind  kind;
} NameRule;

static const NameRule name_rules[] = {
  { 24, "@ Primary School", FILL_PLACE, { "Primary", "Community school", 2000 } },
  { 30, "@ Primary Academy", FILL_PLACE, { "Primary", "Academy converter", 2000 } },
  { 35, "@ School", FILL_PLACE_AND_STAGE, { "Primary", "Community school", 2000 } },
  { 42, "@ Church of England Primary School", FILL_PLACE, { "Primary", "Voluntary controlled school", 3000 } },
  { 48, "St @'s Catholic Primary School", FILL_SAINT, { "Primary", "Voluntary aided school", 3300 } },
  { 52, "St @'s CofE Primary School", FILL_SAINT, { "Primary", "Voluntary aided school", 3500 } },
  { 55, "@ Community Primary School", FILL_PLACE, { "Primary", "Foundation school", 2000 } },
  { 57, "@ Free School", FILL_PLACE, { "Primary", "Free schools", 2000 } },
  { 62, "@ Academy", FILL_PLACE, { "Secondary", "Academy converter", 4000 } },
  { 66, "@ High School", FILL_PLACE, { "Secondary", "Community school", 4000 } },
  { 69, "The @ School", FILL_PLACE, { "Secondary", "Academy sponsor led", 4000 } },
  { 71, "@ Community College", FILL_PLACE, { "Secondary", "Foundation school", 5400 } },
  { 72, "@ Grammar School", FILL_PLACE, { "Secondary", "Academy converter", 5400 } },
  { 74, "St @'s Catholic High School", FILL_SAINT, { "Secondary", "Voluntary aided school", 4600 } },
  { 77, "@ Nursery School", FILL_PLACE, { "Nursery", "Local authority nursery school", 1000 } },
  { 83, "@ School", FILL_PLACE, { "Not applicable", "Community special school", 7000 } },
  { 91, "@", FILL_PLACE_AND_INDEPENDENT, { "Not applicable", "Other independent school", 6000 } },
  { 93, "@ Sixth Form College", FILL_TOWN, { "16 plus", "Academy 16-19 converter", 4900 } },
  { 95, "@ Park Academy", FILL_PLACE, { "All-through", "Academy sponsor led", 4100 } },
  { 97, "@ Pupil Referral Unit", FILL_TOWN, { "Not applicable", "Pupil referral unit", 1100 } },
  { 98, "École Française de @", FILL_TOWN, { "Primary", "Other independent school", 6000 } },
  { 100, "@ Federation Primary School", FILL_FEDERATION, { "Primary", "Academy converter", 2000 } },
};

static char *
fill_name (const NameRule *rule,
           GRand          *rand,
           const TownInfo *town,
           const char     *place,
           const char     *saint,
           guint           roll)
{
  g_autofree char *filling = NULL;
  const char *at = strchr (rule->pattern, '@');

  switch (rule->fill)
    {
    case FILL_PLACE:
      filling = g_strdup (place);
      break;
    case FILL_SAINT:
      filling = g_strdup (saint);
      break;
    case FILL_TOWN:
      filling = g_strdup (town->town);
      break;
    case FILL_PLACE_AND_STAGE:
      filling = g_strconcat (place, roll % 2 ? " Infant" : " Junior", NULL);
      break;
    case FILL_PLACE_AND_INDEPENDENT:
      filling = g_strconcat (place, roll % 3 == 0 ? " House School" :
                             roll % 3 == 1 ? " Preparatory School" : " College", NULL);
      break;
    case FILL_FEDERATION:
    default:
      filling = g_strconcat (place, " & ",
                             name_starts[g_rand_int_range (rand, 0, G_N_ELEMENTS (name_starts))], NULL);
      break;
    }

  return g_strdup_printf ("%.*s%s%s", (int)(at - rule->pattern), rule->pattern, filling, at + 1);
}

static char *
generate_name (GRand          *rand,
               const TownInfo *town,
               SchoolKind     *kind)
{
  g_autofree char *place = generate_place_name (rand, town);
  const char *saint = saints[g_rand_int_range (rand, 0, G_N_ELEMENTS (saints))];
  guint roll = g_rand_int_range (rand, 0, 100);
  guint i = 0;

  if (town->welsh && roll < 45)
    {
      const char *welsh = welsh_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (welsh_names))];

      if (roll < 30)
        {
          *kind = (SchoolKind) { "Primary", "Community school", 2000 };
          return g_strdup_printf ("Ysgol Gynradd %s", welsh);
        }
      *kind = (SchoolKind) { "Secondary", "Community school", 4000 };
      return g_strdup_printf ("Ysgol Gyfun Gymraeg %s", welsh);
    }

  while (roll >= name_rules[i].below && i + 1 < G_N_ELEMENTS (name_rules))
    i++;

  *kind = name_rules[i].kind;
  return fill_name (&name_rules[i], rand, town, place, saint, roll);
}

static char *
generate_postcode (GRand          *rand,
                   const TownInfo *town)
{
  return g_strdup_printf ("%s%u %u%c%c",
                          town->area,
                          (guint)g_rand_int_range (rand, 1, town->districts + 1),
                          (guint)g_rand_int_range (rand, 0, 10),
                          inward_letters[g_rand_int_range (rand, 0, sizeof inward_letters - 1)],
                          inward_letters[g_rand_int_range (rand, 0, sizeof inward_letters - 1)]);
}

OnboardSandboxDirectory *
onboard_sandbox_directory_new_generated (guint   n_open,
                                         guint   n_closed,
                                         guint32 seed)
{
  g_autoptr(OnboardSandboxDirectory) self = g_object_new (ONBOARD_TYPE_SANDBOX_DIRECTORY, NULL);
  g_autoptr(GHashTable) used_numbers = g_hash_table_new (NULL, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint total_weight = 0;
  guint english_urn = 100000;
  guint welsh_urn = 400000;
  guint total = n_open + n_closed;

  self->format = ONBOARD_SANDBOX_DIRECTORY_FORMAT_GENERATED;

  for (guint i = 0; i < G_N_ELEMENTS (towns); i++)
    total_weight += towns[i].weight;

  for (guint i = 0; i < total; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *postcode = NULL;
      g_autofree char *urn = NULL;
      g_autofree char *laestab = NULL;
      const TownInfo *town = NULL;
      OnboardSandboxSchool school = { 0 };
      SchoolKind kind;
      guint pick = g_rand_int_range (rand, 0, total_weight);
      guint number;
      guint *next_urn;

      for (guint t = 0; t < G_N_ELEMENTS (towns); t++)
        {
          if (pick < towns[t].weight)
            {
              town = &towns[t];
              break;
            }
          pick -= towns[t].weight;
        }
      g_assert (town != NULL);

      name = generate_name (rand, town, &kind);
      postcode = generate_postcode (rand, town);

      next_urn = town->welsh ? &welsh_urn : &english_urn;
      *next_urn += 1 + g_rand_int_range (rand, 0, 2);
      urn = g_strdup_printf ("%06u", *next_urn);

      number = kind.number_base + g_rand_int_range (rand, 0, 300);
      while (g_hash_table_contains (used_numbers, GUINT_TO_POINTER (town->la_code * 10000 + number)))
        number = number % 10000 == 9999 ? kind.number_base : number + 1;
      g_hash_table_add (used_numbers, GUINT_TO_POINTER (town->la_code * 10000 + number));
      laestab = g_strdup_printf ("%03u%04u", town->la_code, number);

      school.urn = urn;
      school.laestab = laestab;
      school.name = name;
      school.town = town->town;
      school.postcode = postcode;
      school.la_name = town->la_name;
      school.phase = kind.phase;
      school.establishment_type = kind.type;
      /* Spread the closed ones through the list, as in a real download. */
      school.open = (guint64)(i + 1) * n_open / total != (guint64)i * n_open / total;

      onboard_sandbox_directory_add_school (self, &school);
    }

  return g_steal_pointer (&self);
}

OnboardSandboxDirectory *
onboard_sandbox_directory_dup_default (void)
{
  static OnboardSandboxDirectory *shared;

  if (g_once_init_enter (&shared))
    {
      OnboardSandboxDirectory *directory = onboard_sandbox_directory_new_generated (30000, 2400, 20220701);

      g_once_init_leave (&shared, directory);
    }

  return g_object_ref (shared);
}
