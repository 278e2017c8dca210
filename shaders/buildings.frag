#version 450
#include "buildings_frag.glsl"
