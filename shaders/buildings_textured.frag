#version 450
#define TEXTURED 1
#include "buildings_frag.glsl"
